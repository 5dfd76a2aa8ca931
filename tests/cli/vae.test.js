// The vae lab through the headless CLI, fixed seeds (the learning tests; the gradient and
// the KL formula are checked in tests/unit/engine/test_vae.cpp). Run by ./course test with
// COURSE_CLI (native). Figures measured when these were written (2026-12-01, seed 1, hidden 128):
//   latent 2, 600 steps: held-out -ELBO 176.0 nats (658 after one step), KL 5.8, mean_acc 0.47
//   beta 8, 600 steps: KL 1.9 (against 5.8), held-out recon 179 (against 170)
//   latent 16, judge 600, 1,500 steps: recon_acc 0.90; samples from N(0, I) read as 10 digits
//   (VAE) against 6 (plain autoencoder), judge's confidence 0.69 against 0.54
'use strict';
const { test } = require('node:test');
const assert = require('node:assert');

const { cli, runLab } = require('./run-cli');
const run = (preset, steps, wasm = false) => runLab('vae', preset, steps, wasm);

test('vae: the held-out negative ELBO falls below 185 nats within 600 steps', () => {
  const start = run({ latent: 2, autoencoder: false }, 1);
  const s = run({ latent: 2, autoencoder: false }, 600);
  assert.ok(start.test_nelbo > 400, `after one step ${start.test_nelbo}`);
  assert.ok(s.test_nelbo < 185, `held-out -ELBO ${s.test_nelbo} at step 600`);
  assert.strictEqual(s.test_at, 600);
  assert.ok(Math.abs(s.test_nelbo - (s.test_recon + s.test_kl)) < 1e-3);
  // The class means of mu are apart: a nearest-mean classifier on 2 numbers beats chance (0.1) widely.
  assert.ok(s.mean_acc > 0.35, `nearest-class-mean accuracy ${s.mean_acc}`);
});

test('vae: raising beta lowers the KL term and raises the reconstruction term', () => {
  const one = run({ latent: 2, autoencoder: false, beta: 1 }, 600);
  const eight = run({ latent: 2, autoencoder: false, beta: 8 }, 600);
  assert.ok(eight.test_kl < one.test_kl * 0.6, `KL: beta 8 ${eight.test_kl}, beta 1 ${one.test_kl}`);
  assert.ok(eight.test_recon > one.test_recon + 3,
    `recon: beta 8 ${eight.test_recon}, beta 1 ${one.test_recon}`);
});

test('vae: what the KL term buys: prior samples that the judge reads as many digits', () => {
  const s = run({ latent: 16, autoencoder: true, judge: 600 }, 1500);
  assert.ok(s.judge_acc > 0.95, `the judge on real digits: ${s.judge_acc}`);
  assert.ok(s.recon_acc > 0.8, `the judge on reconstructions: ${s.recon_acc}`);
  assert.ok(s.sample_classes >= 8, `VAE samples read as ${s.sample_classes} digits`);
  assert.ok(s.sample_classes > s.ae_sample_classes,
    `VAE ${s.sample_classes} digits, autoencoder ${s.ae_sample_classes}`);
  assert.ok(s.sample_conf > s.ae_sample_conf,
    `the judge's confidence: VAE ${s.sample_conf}, autoencoder ${s.ae_sample_conf}`);
  assert.ok(s.ae_spread > 2 * s.spread, `codes' RMS: autoencoder ${s.ae_spread}, VAE ${s.spread}`);
});

test('vae: the same run natively and as wasm', () => {
  const a = run({ latent: 2 }, 30);
  const b = run({ latent: 2 }, 30, true);
  assert.ok(Math.abs(a.test_nelbo - b.test_nelbo) < 1e-3 * a.test_nelbo,
    `native ${a.test_nelbo}, wasm ${b.test_nelbo}`);
  assert.strictEqual(a.step, b.step);
});

test('vae: latent and beta out of range are clamped with a note', () => {
  const r = cli(['run', 'vae', '--preset', JSON.stringify({ latent: 64, beta: 99 }), '--steps', '1']);
  assert.strictEqual(r.code, 0, r.err);
  assert.strictEqual(r.json.state.latent, 16);
  assert.strictEqual(r.json.state.beta, 20);
  assert.ok(r.json.notes.some((n) => n.includes('latent')), JSON.stringify(r.json.notes));
  assert.ok(r.json.notes.some((n) => n.includes('beta')), JSON.stringify(r.json.notes));
});
