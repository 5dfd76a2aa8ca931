// The "WebGPU" rows of ./course bench (issue 16), in one page of build/bench-web: square GEMM at
// n = 256, 512, 1024 on our WebGPU kernel (shaders/gemm.wgsl through src/gpu/webgpu.js), and the
// cnn and transformer workloads' training steps (bench/workloads.h; on the GPU
// src/models/convnet_gpu.cpp and charlm_gpu.cpp), each beside
// our SIMD kernels (web_bench.wasm, one thread) and TensorFlow.js 4.22's WebGPU backend.
// Timing: `reps` products submitted back to back, then the time until the GPU reports them done
// (queue.onSubmittedWorkDone; TF.js: until the last product's data arrives); the best of 3 after a
// warm-up. Here the adapter is SwiftShader, WebGPU on the CPU: the figures show the layer's
// overhead and that it works, not what a GPU does. The report says which adapter ran.
//   node bench/webgpu.js      one run alone; prints its summary as JSON
// Per command, where a step spends its time: bench/webgpu_profile.js.
'use strict';
const path = require('node:path');
const { startServer, ROOT } = require('./server');

const SIZES = [{ n: 256, reps: 10 }, { n: 512, reps: 4 }, { n: 1024, reps: 1 }];
const STEPS = 3;  // per timing of a workload's step

// In the page: each size on each engine. Returns ms per product (NaN where an engine cannot run).
async function gemmEngines({ sizes, stepsPerTiming }) {
  const load = (src) => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.appendChild(s);
  });
  const best = async (reps, once) => {
    await once(Math.max(1, reps >> 1));  // warm-up: pipelines, shader compiles, buffers
    let ms = Infinity;
    for (let k = 0; k < 3; ++k) {
      const t0 = performance.now();
      await once(reps);
      ms = Math.min(ms, (performance.now() - t0) / reps);
    }
    return ms;
  };
  const rand = (n) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5);

  const M = await createBenchModule();
  const G = await import('./gpu/webgpu.js');
  const opened = await G.openGpu('shaders/');
  M.gpuLayer = opened.gpu ? { G, gpu: opened.gpu } : { reason: opened.reason };
  await load('vendor/tf.min.js');
  await load('vendor/tf-backend-webgpu.min.js');
  const tfOk = await tf.setBackend('webgpu').catch(() => false);
  const rows = [];
  for (const { n, reps } of sizes) {
    const row = { n, reps, simd: NaN, webgpu: NaN, tfjs: NaN };
    M.ccall('bench_gemm_setup', null, ['number'], [n]);
    row.simd = await best(reps, async (k) => M.ccall('bench_gemm_run', 'number', ['number'], [k]));
    if (opened.gpu) {
      const gpu = opened.gpu;
      const C = G.buffer(gpu, n * n);
      const A = G.buffer(gpu, rand(n * n)), B = G.buffer(gpu, rand(n * n));
      const cmd = G.gemm(gpu, { A, B, C, M: n, N: n, K: n });
      row.webgpu = await best(reps, async (k) => {
        for (let i = 0; i < k; ++i) G.run(gpu, [cmd]);
        await G.done(gpu);
      });
      [A, B, C].forEach((x) => x.destroy());
    }
    if (tfOk) {
      const a = tf.tensor2d(rand(n * n), [n, n]), b = tf.tensor2d(rand(n * n), [n, n]);
      row.tfjs = await best(reps, async (k) => {
        let c = null;
        for (let i = 0; i < k; ++i) {
          if (c) c.dispose();
          c = tf.matMul(a, b);
        }
        await c.data();
        c.dispose();
      });
      a.dispose();
      b.dispose();
    }
    rows.push(row);
  }
  // A workload's step ("cnn", "transformer"): ms per step, from the same weights and batch on
  // every engine, and the loss of one step from the initial weights on each: what each timing
  // trained.
  const ours = async (name) => {
    const w = { name, steps: stepsPerTiming, simd: NaN, webgpu: NaN, tfjs: NaN };
    const setup = JSON.parse(M.ccall('bench_setup', 'string', ['string', 'number'], [name, 1]));
    w.simd = await best(stepsPerTiming, async (k) => M.ccall('bench_train', 'number', ['number'], [k]));
    const twin = JSON.parse(M.ccall('bench_gpu_setup', 'string', ['string', 'number'], [name, 1]));
    if (!twin.error) {
      w.webgpu = await best(stepsPerTiming, async (k) => {
        M.ccall('bench_gpu_train', null, ['number'], [k]);
        await G.done(opened.gpu);
      });
    } else {
      w.webgpuError = twin.error;
    }
    M.ccall('bench_setup', 'string', ['string', 'number'], [name, 1]);
    w.loss = { simd: M.ccall('bench_train', 'number', ['number'], [1]), webgpu: NaN, tfjs: NaN };
    if (!twin.error) {
      const again = JSON.parse(M.ccall('bench_gpu_setup', 'string', ['string', 'number'], [name, 1]));
      M.ccall('bench_gpu_train', null, ['number'], [1]);
      w.loss.webgpu = (await G.read(opened.gpu, M.gpuHandles[again.loss], 1))[0];
    }
    return { w, setup };
  };
  // TF.js's step on its WebGPU backend: its loss and timing, or the error it stopped with.
  const tfjsRow = async ({ w, setup }) => {
    let model = null;
    try {
      model = tfjsWorkloads.build(w.name, setup.weights, setup.data);
      w.loss.tfjs = tfjsWorkloads.train(model, 1).loss;
      model.dispose();
      model = tfjsWorkloads.build(w.name, setup.weights, setup.data);
      w.tfjs = await best(stepsPerTiming, async (k) => tfjsWorkloads.train(model, k));
    } catch (e) {
      w.tfjsError = String(e.message || e).split('\n')[0].slice(0, 200);
    } finally {
      if (model) model.dispose();
    }
    await new Promise((r) => setTimeout(r, 100));
    w.lostAfterTfjs = opened.gpu ? opened.gpu.lost : null;
  };
  const steps = [await ours('transformer'), await ours('cnn')];
  // TF.js last, the cnn last of all: here its WebGPU CNN step can lose the GPU device (it reports
  // losses of 0), and every device of the page with it.
  if (tfOk) for (const row of steps) await tfjsRow(row);
  const g = opened.gpu;
  return { adapter: g ? g.adapterName : null, software: !!(g && g.software), reason: opened.reason || null,
    tfjs: tfOk ? 'webgpu' : 'no WebGPU backend', rows, steps: steps.map((x) => x.w) };
}

async function webgpuRun(browser, { log = () => {} } = {}) {
  const server = await startServer({ root: path.join(ROOT, 'build', 'bench-web'), isolated: true });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
    const r = await page.evaluate(gemmEngines, { sizes: SIZES, stepsPerTiming: STEPS });
    for (const g of r.rows) {
      log(`WebGPU GEMM n=${g.n}: SIMD ${gflops(g.n, g.simd)}, WebGPU ${gflops(g.n, g.webgpu)}, ` +
        `TF.js WebGPU ${gflops(g.n, g.tfjs)} GFLOP/s (adapter: ${r.adapter || r.reason})`);
    }
    for (const c of r.steps) {
      log(`WebGPU ${c.name} step: SIMD ${msText(c.simd)}, WebGPU ${msText(c.webgpu)}, ` +
        `TF.js WebGPU ${msText(c.tfjs)}` + (c.webgpuError ? ` (${c.webgpuError})` : '') +
        (c.tfjsError ? ` (TF.js: ${c.tfjsError})` : '') + `; the first step's loss: ${lossText(c.loss)}`);
    }
    return r;
  } finally {
    await context.close();
    await server.stop();
  }
}

const ENGINES = { simd: 'SIMD', webgpu: 'WebGPU', tfjs: 'TF.js WebGPU' };
const lossText = (l) => Object.entries(ENGINES)
  .map(([k, name]) => `${name} ${Number.isFinite(l[k]) ? l[k].toFixed(6) : '—'}`).join(', ');
// A loss that is not the CPU's (to 1e-3, relative): that engine did not train the same network.
const lossOff = (l, k) => !(Math.abs(l[k] - l.simd) <= 1e-3 * Math.abs(l.simd));
const msText = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '—');
const gflops = (n, ms) => (Number.isFinite(ms) ? (2 * n ** 3 / ms / 1e6).toFixed(1) : '—');

// The report's section.
function webgpuReport(w) {
  if (!w) return '';
  const where = w.adapter
    ? `adapter: ${w.adapter}${w.software ? ' — **software (SwiftShader runs WebGPU on the CPU): these ' +
      'figures show the layer\'s overhead and that it works, not GPU speed**' : ''}`
    : `no WebGPU here: ${w.reason}`;
  const lines = [
    '## WebGPU: our WGSL GEMM beside the SIMD kernel and TensorFlow.js\'s WebGPU backend',
    '',
    `Square products C = A B in one page of build/bench-web; GFLOP/s, the best of 3 timings after a ` +
      `warm-up, each timing a batch of products up to the GPU's "done". ${where}. TF.js: ${w.tfjs}.`,
    '',
    '| WebGPU GEMM | SIMD (1 thread) | WebGPU, ours | WebGPU, TF.js 4.22 | ours / TF.js |',
    '|---|---|---|---|---|',
  ];
  for (const g of w.rows) {
    const both = Number.isFinite(g.webgpu) && Number.isFinite(g.tfjs);
    const ratio = both ? `${(g.tfjs / g.webgpu).toFixed(2)}×` : '—';
    lines.push(`| n=${g.n} | ${gflops(g.n, g.simd)} | ${gflops(g.n, g.webgpu)} | ${gflops(g.n, g.tfjs)} | ` +
      `${ratio} |`);
  }
  if (w.steps) {
    lines.push('', 'A workload\'s training step (cnn: batch 32; transformer: V 65, C 64, 2 blocks of ' +
      `4 heads, T 32, batch 16; Adam; ms per step, the best of 3 runs of ${w.steps[0].steps} steps):`, '',
    '| WebGPU step | SIMD (1 thread) | WebGPU, ours | WebGPU, TF.js 4.22 | ours / TF.js |',
    '|---|---|---|---|---|');
    for (const c of w.steps) {
      // a ratio only where both trained the same network (the same first loss as the CPU)
      const both = Number.isFinite(c.webgpu) && Number.isFinite(c.tfjs) && !lossOff(c.loss, 'webgpu') &&
        !lossOff(c.loss, 'tfjs');
      lines.push(`| ${c.name} | ${msText(c.simd)} | ${msText(c.webgpu)}` +
        `${c.webgpuError ? ` (${c.webgpuError})` : ''} | ${msText(c.tfjs)}` +
        `${c.tfjsError ? ` (${c.tfjsError})` : ''} | ` +
        `${both ? `${(c.tfjs / c.webgpu).toFixed(2)}×` : '—'} |`);
    }
    lines.push('');
    for (const c of w.steps) {
      lines.push(`${c.name}: the first step's loss from the same weights and batch: ${lossText(c.loss)}.` +
        (c.lostAfterTfjs ? ` After TF.js's steps the page's GPU device was lost ("${c.lostAfterTfjs}").`
          : '') +
        ['webgpu', 'tfjs'].filter((k) => lossOff(c.loss, k)).map((k) =>
          ` **${k === 'tfjs' ? 'TF.js' : 'Our'} WebGPU loss is not the CPU's: that timing is not of the ` +
          'same training.**').join(''), '');
    }
  }
  return lines.join('\n');
}

module.exports = { webgpuRun, webgpuReport };

if (require.main === module) {
  const { launchChromium } = require('./server');
  (async () => {
    const browser = await launchChromium();
    try {
      process.stdout.write(JSON.stringify(await webgpuRun(browser, {
        log: (m) => process.stderr.write(`[webgpu] ${m}\n`) })) + '\n');
    } finally {
      await browser.close();
    }
  })().catch((e) => { console.error(e); process.exit(1); });
}
