// Serves a folder with the course's own nginx settings (web/nginx.conf.in, filled in the way
// ./course's nginx_conf does), for the bench driver and the bench test.
//   isolated: true   the settings as they are: COOP/COEP sent, the page is cross-origin isolated
//   isolated: false  the same without those two headers: no SharedArrayBuffer, so TensorFlow.js's
//                    wasm backend loads its single-threaded binary
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const accepts = (port) => new Promise((resolve) => {
  const c = net.connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); });
  c.on('error', () => resolve(false));
});

async function startServer({ root, isolated = true }) {
  if (!fs.existsSync(path.join(root, 'index.html'))) throw new Error(`nothing to serve in ${root}`);
  const port = await freePort();
  const prefix = path.join(ROOT, 'build', `nginx-${port}`);
  fs.mkdirSync(path.join(prefix, 'tmp'), { recursive: true });
  let conf = fs.readFileSync(path.join(ROOT, 'web', 'nginx.conf.in'), 'utf8')
    .replaceAll('@ROOT@', root).replaceAll('@PORT@', String(port)).replaceAll('@HOST@', '127.0.0.1')
    .replaceAll('@PREFIX@', prefix).replaceAll('@USER@', process.getuid() === 0 ? 'user root;' : '');
  if (!isolated) {
    const isolating = (l) => /add_header Cross-Origin-(Opener|Embedder)-Policy/.test(l);
    conf = conf.split('\n').filter((l) => !isolating(l)).join('\n');
  }
  const confPath = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(confPath, conf);
  const proc = spawn('nginx', ['-c', confPath, '-p', prefix], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  for (let i = 0; i < 100 && !(await accepts(port)); ++i) {
    if (proc.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!(await accepts(port))) {
    proc.kill();
    throw new Error(`nginx does not answer on port ${port}: ${stderr}`);
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => { fs.rmSync(prefix, { recursive: true, force: true }); resolve(); });
      proc.kill('SIGTERM');
    }),
  };
}

// Chromium as the browser tests launch it (tests/e2e/helpers.js), with WebGPU on.
function launchChromium() {
  const { chromium } = require(path.join(ROOT, 'web', 'node_modules', 'playwright-core'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--enable-unsafe-webgpu'],
  });
}

module.exports = { startServer, launchChromium, ROOT };
