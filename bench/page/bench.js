// The bench page: runs ONE engine on one workload and returns its timing and loss. The driver
// (bench/run.js) opens a fresh page per run and calls window.runBench(options):
//   engine    'ours' (our engine, web_bench.wasm, single-threaded) or a TensorFlow.js backend:
//             'cpu', 'wasm', 'webgl'
//   workload  'gemm' (square GEMM at each n of options.sizes) or a model: 'mlp2' 'mlp784' 'cnn'
//             'cnn_mnist' (reads data/mnist-train.bin) 'lstm' 'gru' 'transformer' 'gan' (one GAN
//             Lab iteration: a D update and a G update; its answer has `losses`: d_loss, g_loss)
//             'vae' (one VAE step on MNIST, reads data/mnist-train.bin; `losses`: loss, recon, kl)
//   steps     timed steps (for gemm: sizes, a list of {n, reps}: reps timed products per size)
//   warmupMs  untimed warm-up first, at least this long (V8 compiles wasm with its baseline
//             compiler first and swaps in optimised code later; webgl compiles its shaders): on a
//             throwaway copy of the model, so the timed steps start from the initial weights
//   threads   tfjs-backend-wasm's thread count (only matters when the page is cross-origin
//             isolated, where it loads the threaded binary)
// Everything is served from this folder: tf.min.js, tf-backend-wasm.min.js and its .wasm files
// sit in vendor/, the data files in data/; nothing comes from another host.
'use strict';

(function () {
  const loadScript = (src) => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error('cannot load ' + src));
    document.head.appendChild(s);
  });

  // Calls run(k) with k = 1, 2, 4, ... until at least `ms` have passed (not at all if ms <= 0).
  function warmUp(ms, run) {
    if (!(ms > 0)) return;
    const t0 = performance.now();
    for (let k = 1, first = true; first || performance.now() - t0 < ms; first = false) {
      run(k);
      if (performance.now() - t0 < ms / 4) k *= 2;
    }
  }

  let ours = null;
  async function ourModule() {
    if (!ours) ours = await createBenchModule();
    return ours;
  }

  // The data files a workload reads (src/data/files.h), fetched from data/ beside this page and
  // handed to our module before bench_setup: TF.js gets the batches from bench_setup's answer.
  const DATA_FILES = { cnn_mnist: ['mnist-train.bin'], vae: ['mnist-train.bin'] };
  const putFiles = new Set();
  async function putDataFiles(M, workload) {
    for (const name of DATA_FILES[workload] || []) {
      if (putFiles.has(name)) continue;
      const r = await fetch('data/' + name);
      if (!r.ok) throw new Error(`data/${name}: HTTP ${r.status} (./course build puts it there)`);
      const bytes = new Uint8Array(await r.arrayBuffer());
      const p = M._malloc(bytes.length);
      M.HEAPU8.set(bytes, p);
      M.ccall('bench_put_file', null, ['string', 'number', 'number'], [name, p, bytes.length]);
      M._free(p);
      putFiles.add(name);
    }
  }

  // bench_setup's answer, parsed; throws on an unknown workload or a missing data file.
  async function setupOurs(M, o) {
    await putDataFiles(M, o.workload);
    const text = M.ccall('bench_setup', 'string', ['string', 'number'], [o.workload, o.seed]);
    if (!text) throw new Error('unknown workload ' + o.workload);
    const answer = JSON.parse(text);
    if (answer.error) throw new Error(answer.error);
    return answer;
  }

  async function setupTfjs(backend, threads) {
    if (typeof tf === 'undefined') {
      await loadScript('vendor/tf.min.js');
      await loadScript('vendor/tf-backend-wasm.min.js');
    }
    if (backend === 'wasm') {
      tf.wasm.setWasmPaths(new URL('vendor/', location.href).href);
      tf.wasm.setThreadsCount(threads || 1);
    }
    if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} is not available`);
    await tf.ready();
    if (tf.getBackend() !== backend) throw new Error(`TF.js runs on ${tf.getBackend()}, not ${backend}`);
  }

  // What ran: for the report's header and to prove which tfjs-backend-wasm binary loaded.
  function info(engine) {
    const out = { engine, crossOriginIsolated: self.crossOriginIsolated === true };
    const wasmFiles = performance.getEntriesByType('resource').map((e) => e.name)
      .filter((n) => n.endsWith('.wasm')).map((n) => n.split('/').pop());
    out.wasmFiles = wasmFiles;
    if (engine === 'ours') {
      out.threads = 1;
    } else {
      out.tfjsVersion = tf.version.tfjs;
      out.backend = tf.getBackend();
      if (engine === 'wasm') {
        out.threads = tf.wasm.getThreadsCount();
        out.wasmBinary = wasmFiles.find((f) => f.startsWith('tfjs-backend-wasm')) || '';
      }
      if (engine === 'webgl') {
        const gl = document.createElement('canvas').getContext('webgl2');
        const ext = gl && gl.getExtension('WEBGL_debug_renderer_info');
        out.renderer = gl ? gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) : 'no WebGL2';
      }
    }
    return out;
  }

  // Our engine: weights and data come from the module itself (bench_setup).
  async function runOurs(o) {
    const M = await ourModule();
    if (o.workload === 'gemm') {
      const sizes = [];
      for (const { n, reps } of o.sizes) {
        M.ccall('bench_gemm_setup', null, ['number'], [n]);
        warmUp(o.warmupMs, (k) => M.ccall('bench_gemm_run', 'number', ['number'], [k]));
        const t0 = performance.now();
        M.ccall('bench_gemm_run', 'number', ['number'], [reps]);
        sizes.push({ n, reps, ms: performance.now() - t0 });
      }
      return { sizes };
    }
    await setupOurs(M, o);
    warmUp(o.warmupMs, (k) => M.ccall('bench_train', 'number', ['number'], [k]));
    await setupOurs(M, o);
    const t0 = performance.now();
    const loss = M.ccall('bench_train', 'number', ['number'], [o.steps]);
    const ms = performance.now() - t0;
    const losses = JSON.parse(M.ccall('bench_losses', 'string', [], []));
    return losses ? { ms, loss, losses } : { ms, loss };
  }

  async function runTfjs(o) {
    await setupTfjs(o.engine, o.threads);
    if (o.workload === 'gemm') {
      const sizes = [];
      for (const { n, reps } of o.sizes) {
        const A = tf.randomUniform([n, n], -1, 1), B = tf.randomUniform([n, n], -1, 1);
        const products = (k) => {
          for (let i = 0; i + 1 < k; ++i) tf.matMul(A, B).dispose();
          const C = tf.matMul(A, B);
          C.dataSync(); // waits for the whole queue (webgl runs asynchronously)
          C.dispose();
        };
        warmUp(o.warmupMs, products);
        const t0 = performance.now();
        products(reps);
        sizes.push({ n, reps, ms: performance.now() - t0 });
        tf.dispose([A, B]);
      }
      return { sizes };
    }
    // The same initial weights and data as our engine: its weights JSON, from its own module.
    const { weights, data } = await setupOurs(await ourModule(), o);
    // disposed even when a backend cannot train it, so the next workload in this page can load
    const warm = tfjsWorkloads.build(o.workload, weights, data);
    try {
      warmUp(o.warmupMs, (k) => tfjsWorkloads.train(warm, k));
    } finally {
      warm.dispose();
    }
    const model = tfjsWorkloads.build(o.workload, weights, data);
    try {
      const t0 = performance.now();
      const { loss, losses } = tfjsWorkloads.train(model, o.steps);
      const ms = performance.now() - t0;
      return losses ? { ms, loss, losses } : { ms, loss };
    } finally {
      model.dispose();
    }
  }

  window.runBench = async function (options) {
    const o = { seed: 1, warmupMs: 500, steps: 1, threads: 1, sizes: [], ...options };
    const out = { engine: o.engine, workload: o.workload, steps: o.steps };
    try {
      Object.assign(out, o.engine === 'ours' ? await runOurs(o) : await runTfjs(o));
    } catch (e) {
      out.error = String((e && e.message) || e).split('\n')[0];
    }
    try { out.info = info(o.engine); } catch (e) { out.info = { engine: o.engine, error: String(e) }; }
    return out;
  };
  document.getElementById('status').textContent = 'ready';
})();
