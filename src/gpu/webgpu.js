// The WebGPU device layer: opens the device, compiles the WGSL kernels of shaders/, and builds
// commands that run them on buffers that stay on the GPU. Our own module rather than Emscripten's
// -sUSE_WEBGPU, whose JS side (3.1.6) calls functions current browsers removed (TOOLCHAIN.md).
//
//   const g = await openGpu('shaders/');     // { gpu } or { reason } (no WebGPU, no adapter, ...)
//   const x = buffer(g.gpu, data);            // a storage buffer, filled from a Float32Array
//   run(gpu, [gemm(gpu, {...}), relu(gpu, {...})]);   // one compute pass, one submit; no wait
//   const y = await read(gpu, x, n);          // asynchronous readback, never a blocking one
//
// A command is plain data, { pipeline, bindGroup, groups }: a model builds its step's commands
// once and runs the same list every step, with new inputs written into the same buffers. The
// command builders are named after the kernels and take the same names as the WGSL's legend.
// Every GPU buffer here holds float32 (u32 for class indices and pooling winners).

export const SHADERS = ['gemm', 'conv2d', 'layout', 'bias', 'elementwise', 'pool', 'softmax', 'reduce',
  'adam', 'layernorm', 'embedding'];

// Opens a device and compiles every kernel. A reason, not an exception, when it cannot: the lab
// then says why it stays on the CPU.
export async function openGpu(base = 'shaders/', { fetchText = fetchShader } = {}) {
  if (typeof navigator === 'undefined' || !navigator.gpu) {
    return { reason: 'this browser has no WebGPU (navigator.gpu is missing; it needs a secure origin)' };
  }
  let adapter;
  try {
    adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    return { reason: `requestAdapter failed: ${e.message}` };
  }
  if (!adapter) return { reason: 'the browser offers no WebGPU adapter (no usable GPU)' };
  const device = await adapter.requestDevice({ requiredLimits: deviceLimits(adapter) });
  const info = adapter.info || {};
  const gpu = {
    device,
    adapterName: [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') ||
      'unknown adapter',
    software: /swiftshader/i.test(`${info.vendor} ${info.architecture} ${info.description}`),
    modules: new Map(),
    pipelines: new Map(),
    errors: [],
    lost: null,
  };
  device.addEventListener('uncapturederror', (e) => gpu.errors.push(e.error.message));
  device.lost.then((l) => { gpu.lost = l.message || l.reason || 'device lost'; });
  const problems = [];
  for (const name of SHADERS) {
    const file = `${base}${name}.wgsl`;
    let text;
    try {
      text = await fetchText(file);
    } catch (e) {
      return { reason: `${file}: ${e.message}` };
    }
    const module = device.createShaderModule({ label: name, code: text });
    const info2 = await module.getCompilationInfo();
    for (const m of info2.messages) {
      if (m.type === 'error') problems.push(`${file}:${m.lineNum}:${m.linePos}: ${m.message}`);
    }
    gpu.modules.set(name, module);
  }
  if (problems.length) return { reason: `a kernel does not compile: ${problems.join('; ')}` };
  return { gpu };
}

async function fetchShader(file) {
  const r = await fetch(file);
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.text();
}

// The largest storage buffers the adapter allows (the default limit, 128 MiB, is less than the
// column matrix of a large batch).
function deviceLimits(adapter) {
  return {
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}

// Buffers -----------------------------------------------------------------------------------------

// A storage buffer of `data` (a typed array) or of `count` zeros (4 bytes each).
export function buffer(gpu, data, label = '') {
  const count = typeof data === 'number' ? data : data.length;
  const buf = gpu.device.createBuffer({
    label,
    size: Math.max(16, align4(count) * 4),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  if (typeof data !== 'number') write(gpu, buf, data);
  return buf;
}

const align4 = (n) => Math.ceil(n / 4) * 4;

// Queues new contents for a buffer; they are in place before the next submitted commands run.
export function write(gpu, buf, data, offsetFloats = 0) {
  gpu.device.queue.writeBuffer(buf, offsetFloats * 4, data.buffer, data.byteOffset, data.byteLength);
}

// The first `count` values of a buffer, once the GPU has run everything submitted before.
// Resolves later (a frame or more); nothing waits for it.
export async function read(gpu, buf, count, Type = Float32Array) {
  const bytes = Math.max(16, align4(count) * 4);
  const staging = gpu.device.createBuffer({
    size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const enc = gpu.device.createCommandEncoder();
  enc.copyBufferToBuffer(buf, 0, staging, 0, bytes);
  gpu.device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Type(staging.getMappedRange().slice(0, count * 4));
  staging.unmap();
  staging.destroy();
  return out;
}

// Runs commands (arrays of them nest) in one compute pass and submits it. Returns at once.
export function run(gpu, commands) {
  const enc = gpu.device.createCommandEncoder();
  const pass = enc.beginComputePass();
  for (const c of commands.flat(Infinity)) {
    pass.setPipeline(c.pipeline);
    pass.setBindGroup(0, c.bindGroup);
    pass.dispatchWorkgroups(...c.groups);
  }
  pass.end();
  gpu.device.queue.submit([enc.finish()]);
}

// Resolves once the GPU has finished everything submitted so far (for timing; never in a frame).
export const done = (gpu) => gpu.device.queue.onSubmittedWorkDone();

// Commands ---------------------------------------------------------------------------------------

// A kernel's pipeline, made once per entry point.
function pipeline(gpu, shader, entry) {
  const key = `${shader}.${entry}`;
  let p = gpu.pipelines.get(key);
  if (!p) {
    p = gpu.device.createComputePipeline({
      label: key, layout: 'auto', compute: { module: gpu.modules.get(shader), entryPoint: entry },
    });
    gpu.pipelines.set(key, p);
  }
  return p;
}

// A uniform buffer of a WGSL struct whose fields are all 4 bytes: `types` has one letter per
// field, u (u32) or f (f32), in the struct's order.
function uniform(gpu, types, values) {
  const words = pack(types, values);
  const buf = gpu.device.createBuffer({
    size: words.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  gpu.device.queue.writeBuffer(buf, 0, words);
  return buf;
}

// The uniform's bytes, padded to 16 as WGSL's uniform layout wants.
function pack(types, values) {
  const words = new ArrayBuffer(Math.ceil(types.length / 4) * 16);
  const u = new Uint32Array(words), f = new Float32Array(words);
  for (let i = 0; i < types.length; ++i) {
    if (types[i] === 'u') u[i] = values[i] >>> 0; else f[i] = values[i];
  }
  return words;
}

// A command: entry point `entry` of shaders/`shader`.wgsl with its uniform at binding 0 and
// `bindings` ({ number: buffer }) at the others, dispatched as `groups` workgroups.
function command(gpu, shader, entry, params, bindings, groups) {
  const p = pipeline(gpu, shader, entry);
  const entries = [{ binding: 0, resource: { buffer: params } }];
  for (const [n, buf] of Object.entries(bindings)) {
    entries.push({ binding: Number(n), resource: { buffer: buf } });
  }
  return { pipeline: p, bindGroup: gpu.device.createBindGroup({ layout: p.getBindGroupLayout(0), entries }),
    groups, label: `${shader}.${entry}` };
}

// Workgroups for one invocation per element (workgroups of 256), spread over y past the
// 65535 limit of one dimension; the kernels' flat() undoes it.
function flat(n) {
  const g = Math.max(1, Math.ceil(n / 256));
  return [Math.min(g, 65535), Math.ceil(g / 65535), 1];
}

// C = alpha op(A) op(B) + beta C, batched: see gemm.wgsl. `kernel`: 'tiled' (64 x 64 tiles through
// workgroup memory), 'small' (an invocation per element), or by default whichever the shape
// suits (GEMM_SMALL).
export function gemm(gpu, o) {
  const { A, B, C, M, N, K, transA = false, transB = false, batch = 1, sa = 0, sb = 0, sc = 0 } = o;
  const alpha = o.alpha ?? 1;
  const beta = o.beta ?? 0;
  const small = o.kernel ? o.kernel === 'small' : GEMM_SMALL(M, N);
  const params = uniform(gpu, 'uuuuuuuuffu',
    [M, N, K, transA ? 1 : 0, transB ? 1 : 0, sa, sb, sc, alpha, beta, batch]);
  if (small) {
    const g = Math.max(1, Math.ceil(M * N * batch / 64));
    return command(gpu, 'gemm', 'gemm_small', params, { 1: A, 2: B, 3: C },
      [Math.min(g, 65535), Math.ceil(g / 65535), 1]);
  }
  return command(gpu, 'gemm', 'gemm', params, { 1: A, 2: B, 3: C },
    [Math.ceil(N / 64), Math.ceil(M / 64), batch]);
}

// Where the per-element kernel beats the tiles, measured on SwiftShader (bench/FINDINGS.md): at
// most 32 x 32 outputs a matrix (an attention head's scores: 4-6x faster); from 64 x 64 up the
// tiles win by 2-5x.
const GEMM_SMALL = (M, N) => M * N <= 32 * 32;

// The convolution's shape, as src/kernels/conv.h's ConvShape: { N, C, H, W, K, R, S, stride, pad }.
export function convOut(s) {
  const side = (x, k) => Math.floor((x + 2 * s.pad - k) / s.stride) + 1;
  return { P: side(s.H, s.R), Q: side(s.W, s.S) };
}

function convParams(gpu, s, accumulate) {
  const { P, Q } = convOut(s);
  return uniform(gpu, 'uuuuuuuuuuuu',
    [s.N, s.C, s.H, s.W, s.K, s.R, s.S, s.stride, s.pad, P, Q, accumulate ? 1 : 0]);
}

export function im2col(gpu, s, x, cols) {
  const { P, Q } = convOut(s);
  return command(gpu, 'conv2d', 'im2col', convParams(gpu, s, false), { 1: x, 2: cols },
    flat(s.C * s.R * s.S * s.N * P * Q));
}

export function col2im(gpu, s, dcols, dx, accumulate = false) {
  return command(gpu, 'conv2d', 'col2im', convParams(gpu, s, accumulate), { 1: dcols, 2: dx },
    flat(s.N * s.C * s.H * s.W));
}

// x (O, A, B, I) -> y (O, B, A, I)
export function swap01(gpu, { O = 1, A, B, I, x, y }) {
  return command(gpu, 'layout', 'swap01', uniform(gpu, 'uuuu', [A, B, I, O]), { 1: x, 2: y },
    flat(O * A * B * I));
}

// y (O, J, I) += b (J)
export function addBias(gpu, { O, J, I = 1, b, y }) {
  return command(gpu, 'bias', 'add_bias', uniform(gpu, 'uuuu', [O, J, I, 0]), { 1: b, 2: y },
    flat(O * J * I));
}

// db (J) (+)= sum over o, i of dy (o, J, i): a tree per j (a workgroup each), or for sums of at
// most SERIAL_SUM terms one invocation per j adding them in order (cheaper where workgroup
// barriers are dear, as on a software adapter, and in the CPU's order).
export function biasGrad(gpu, { O, J, I = 1, dy, db, accumulate = false }) {
  const params = uniform(gpu, 'uuuu', [O, J, I, accumulate ? 1 : 0]);
  if (O * I <= SERIAL_SUM) return command(gpu, 'bias', 'bias_grad_serial', params, { 3: dy, 4: db }, flat(J));
  return command(gpu, 'bias', 'bias_grad', params, { 3: dy, 4: db }, [J, 1, 1]);
}

const SERIAL_SUM = 1024;

export function relu(gpu, { n, x, y }) {
  return command(gpu, 'elementwise', 'relu', uniform(gpu, 'uu', [n, 0]), { 1: x, 3: y }, flat(n));
}

export function reluBackward(gpu, { n, y, dy, dx, accumulate = false }) {
  return command(gpu, 'elementwise', 'relu_backward', uniform(gpu, 'uu', [n, accumulate ? 1 : 0]),
    { 1: y, 2: dy, 3: dx }, flat(n));
}

export function add(gpu, { n, a, b, y }) {
  return command(gpu, 'elementwise', 'add', uniform(gpu, 'uu', [n, 0]), { 1: a, 2: b, 3: y }, flat(n));
}

function poolParams(gpu, s, accumulate) {
  const P = Math.floor((s.H - s.size) / s.stride) + 1, Q = Math.floor((s.W - s.size) / s.stride) + 1;
  const words = [s.NC, s.H, s.W, P, Q, s.size, s.stride, accumulate ? 1 : 0];
  return { P, Q, params: uniform(gpu, 'uuuuuuuu', words) };
}

// s = { NC, H, W, size, stride }; arg: a u32 buffer of P Q NC winners
export function maxPool(gpu, s, { x, y, arg }) {
  const { P, Q, params } = poolParams(gpu, s, false);
  return command(gpu, 'pool', 'max_pool', params, { 1: x, 2: y, 3: arg }, flat(s.NC * P * Q));
}

export function maxPoolBackward(gpu, s, { arg, dy, dx, accumulate = false }) {
  const { params } = poolParams(gpu, s, accumulate);
  return command(gpu, 'pool', 'max_pool_backward', params, { 4: arg, 5: dy, 6: dx }, flat(s.NC * s.H * s.W));
}

// y = softmax of each row of x; causal: row r sees columns 0 .. r % cols only (attention scores)
export function softmax(gpu, { rows, cols, x, y, causal = false }) {
  return command(gpu, 'softmax', 'softmax', uniform(gpu, 'uufu', [rows, cols, 1, causal ? 1 : 0]),
    { 1: x, 2: y }, flat(rows));
}

// dx = scale * the gradient through softmax's output y, for its upstream gradient dy
export function softmaxBackward(gpu, { rows, cols, y, dy, dx, scale = 1 }) {
  return command(gpu, 'softmax', 'softmax_backward', uniform(gpu, 'uufu', [rows, cols, scale, 0]),
    { 1: y, 2: dx, 5: dy }, flat(rows));
}

// logits z (rows x cols), targets (u32, rows) -> loss per row, dz scaled by `scale`
export function crossEntropy(gpu, { rows, cols, z, targets, loss, dz, scale = 1 / rows }) {
  return command(gpu, 'softmax', 'cross_entropy', uniform(gpu, 'uufu', [rows, cols, scale, 0]),
    { 1: z, 2: dz, 3: targets, 4: loss }, flat(rows));
}

// y = layer norm of the R rows of x (R, C), with gamma, beta (C); stats (R, 2) keeps mu, rstd
export function layerNorm(gpu, { R, C, eps = 1e-5, x, gamma, beta, y, stats }) {
  return command(gpu, 'layernorm', 'layer_norm', uniform(gpu, 'uufu', [R, C, eps, 0]),
    { 1: x, 2: gamma, 3: beta, 4: y, 5: stats }, flat(R));
}

// Its gradients from dy: dx (added into when accumulate), and dgamma, dbeta (either may be null).
export function layerNormBackward(gpu, { R, C, x, gamma, stats, dy, dx, dgamma, dbeta, accumulate = false }) {
  const params = uniform(gpu, 'uufu', [R, C, 0, accumulate ? 1 : 0]);
  const cmds = [command(gpu, 'layernorm', 'layer_norm_backward', params,
    { 1: x, 2: gamma, 5: stats, 6: dy, 7: dx }, flat(R))];
  if (dgamma && dbeta) {
    const serial = R <= SERIAL_SUM;
    const entry = serial ? 'layer_norm_backward_params_serial' : 'layer_norm_backward_params';
    cmds.push(command(gpu, 'layernorm', entry, params, { 1: x, 5: stats, 6: dy, 8: dgamma, 9: dbeta },
      serial ? flat(C) : [C, 1, 1]));
  }
  return cmds;
}

// h (R, C) = E[ids] + P[r % T]: token and position embeddings; ids is a u32 buffer of R
export function embed(gpu, { R, C, T, V, ids, E, P, h }) {
  return command(gpu, 'embedding', 'embed', uniform(gpu, 'uuuu', [R, C, T, V]),
    { 1: ids, 2: E, 3: P, 4: h }, flat(R * C));
}

// dE (V, C) from dh (R, C), through `order` and `starts` (u32; embeddingIndex() makes them)
export function embedBackward(gpu, { R, C, T, V, order, starts, dh, dE }) {
  return command(gpu, 'embedding', 'embed_backward', uniform(gpu, 'uuuu', [R, C, T, V]),
    { 5: dh, 6: order, 7: starts, 8: dE }, flat(V * C));
}

// The rows sorted by id (stable: each id's rows in order) and where each id's run starts.
export function embeddingIndex(ids, V) {
  const starts = new Uint32Array(V + 1);
  for (const id of ids) ++starts[id + 1];
  for (let v = 0; v < V; ++v) starts[v + 1] += starts[v];
  const next = starts.slice(0, V), order = new Uint32Array(ids.length);
  ids.forEach((id, r) => { order[next[id]++] = r; });
  return { order, starts };
}

// out[0] = scale * sum of x[0..n)
export function sum(gpu, { n, x, out, scale = 1 }) {
  return command(gpu, 'reduce', 'sum', uniform(gpu, 'uf', [n, scale]), { 1: x, 2: out }, [1, 1, 1]);
}

// Adam's hyperparameters { lr, beta1, beta2, eps, weightDecay, decoupled } at step t (from 1), as the
// CPU's Adam::step computes its two folded numbers (in float32, like the CPU: Math.fround).
export function adamNumbers(o, t) {
  const f = Math.fround;
  const c1 = f(1 - f(Math.pow(f(o.beta1), t))), c2 = f(1 - f(Math.pow(f(o.beta2), t)));
  return {
    lr_c1: f(f(o.lr) / c1), inv_sqrt_c2: f(1 / f(Math.sqrt(c2))),
    l2: o.decoupled ? 0 : o.weightDecay || 0, decay: o.decoupled ? f(f(o.lr) * f(o.weightDecay)) : 0,
  };
}

// One Adam step on n weights w with gradient dw and moments m, v, at step t. A model that steps
// every frame keeps the command and moves it to the next t with adamUpdate (below).
export function adam(gpu, o, t, { n, w, dw, m, v }) {
  const params = uniform(gpu, ADAM_TYPES, adamWords(o, t, n));
  const c = command(gpu, 'adam', 'adam', params, { 1: w, 2: dw, 3: m, 4: v }, flat(n));
  c.params = params;
  c.n = n;
  return c;
}

const ADAM_TYPES = 'ufffffff';  // adam.wgsl's struct Adam: n, then seven floats

function adamWords(o, t, n) {
  const a = adamNumbers(o, t);
  return [n, o.beta1, o.beta2, o.eps, a.lr_c1, a.inv_sqrt_c2, a.l2, a.decay];
}

// Points an adam() command at step t (queued like a write: it holds for the next run()).
export function adamUpdate(gpu, c, o, t) {
  gpu.device.queue.writeBuffer(c.params, 0, pack(ADAM_TYPES, adamWords(o, t, c.n)));
}

// Convolution: composed of the kernels above --------------------------------------------------
// The scratch buffers a convolution of shape s needs: cols (C R S x N P Q) for the forward pass
// and the filter gradient, and one K x N x P Q buffer for the swapped output or gradient.
export function convScratch(gpu, s) {
  const { P, Q } = convOut(s);
  const L = s.N * P * Q;
  return { cols: buffer(gpu, s.C * s.R * s.S * L, 'cols'), kn: buffer(gpu, s.K * L, 'kn') };
}

// y = conv(x, w) + b: im2col, y' = w cols (K x N P Q), then y' swapped to N x K x P Q, plus b.
export function conv2dForward(gpu, s, { x, w, b, y, scratch }) {
  const { P, Q } = convOut(s), L = s.N * P * Q, CRS = s.C * s.R * s.S;
  const cmds = [
    im2col(gpu, s, x, scratch.cols),
    gemm(gpu, { A: w, B: scratch.cols, C: scratch.kn, M: s.K, N: L, K: CRS }),
    swap01(gpu, { A: s.K, B: s.N, I: P * Q, x: scratch.kn, y }),
  ];
  if (b) cmds.push(addBias(gpu, { O: s.N, J: s.K, I: P * Q, b, y }));
  return cmds;
}

// The three gradients of a convolution, from dy and the forward pass's cols (still in scratch):
//   dw (+)= dy' cols^T,  db (+)= sums of dy,  dx (+)= col2im(w^T dy'),  dy' = dy swapped to K x N x PQ.
// dcols is a buffer of C R S x N P Q (may be the same for every layer). Any of dx, dw, db may be
// null; `accumulate` adds into them (a tensor used twice), else they are overwritten.
export function conv2dBackward(gpu, s, { w, dy, dx, dw, db, scratch, dcols, accumulate = false }) {
  const { P, Q } = convOut(s), L = s.N * P * Q, CRS = s.C * s.R * s.S;
  const beta = accumulate ? 1 : 0;
  const cmds = [swap01(gpu, { A: s.N, B: s.K, I: P * Q, x: dy, y: scratch.kn })];
  if (dw) {
    cmds.push(gemm(gpu, { A: scratch.kn, B: scratch.cols, C: dw, M: s.K, N: CRS, K: L, transB: true, beta }));
  }
  if (db) cmds.push(biasGrad(gpu, { O: s.N, J: s.K, I: P * Q, dy, db, accumulate }));
  if (dx) {
    cmds.push(gemm(gpu, { A: w, B: scratch.kn, C: dcols, M: CRS, N: L, K: s.K, transA: true }));
    cmds.push(col2im(gpu, s, dcols, dx, accumulate));
  }
  return cmds;
}
