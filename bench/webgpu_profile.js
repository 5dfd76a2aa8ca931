// Where a workload's WebGPU training step spends its time, command by command (bench/FINDINGS.md,
// "The Transformer step on WebGPU"). The step's command list (gpu_workloads.cpp's answer, `cmds`)
// is built as for the bench, one step runs, then each command runs alone `reps` times and is timed
// until the GPU reports it done. Commands of the same kernel and grid add up into one row.
// Timed alone, a command pays its own submit and wait, so the rows sum to more than a step: they
// rank the commands, they do not split the step's time exactly.
//   node bench/webgpu_profile.js [WORKLOAD] [--top N] [--reps N]
// WORKLOAD: transformer (the default), cnn, or a "charlm:V C L H T B" twin. It serves
// build/bench-web, which `./course bench --only webgpu` builds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startServer, launchChromium, ROOT } = require('./server');

function args(argv) {
  const a = { workload: 'transformer', top: 25, reps: 3 };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--top') a.top = Number(argv[++i]);
    else if (argv[i] === '--reps') a.reps = Number(argv[++i]);
    else if (argv[i].startsWith('--')) throw new Error(`webgpu_profile: unknown option ${argv[i]}`);
    else a.workload = argv[i];
  }
  if (!(a.top >= 1) || !(a.reps >= 1)) throw new Error('webgpu_profile: --top and --reps take a number ≥ 1');
  return a;
}

// In the page: [label and grid, {n: commands, ms: their time summed}], slowest first.
async function profileStep({ workload, reps }) {
  const M = await createBenchModule();
  const G = await import('./gpu/webgpu.js');
  const opened = await G.openGpu('shaders/');
  if (!opened.gpu) throw new Error(`no WebGPU here: ${opened.reason}`);
  const gpu = opened.gpu;
  M.gpuLayer = { G, gpu };
  const a = JSON.parse(M.ccall('bench_gpu_setup', 'string', ['string', 'number'], [workload, 1]));
  if (a.error) throw new Error(a.error);
  M.ccall('bench_gpu_train', null, ['number'], [1]);  // one step: pipelines compiled, buffers filled
  await G.done(gpu);
  const rows = {};
  for (const handle of a.cmds) {
    for (const cmd of [M.gpuHandles[handle]].flat(Infinity)) {  // a handle may hold a list
      const t0 = performance.now();
      for (let i = 0; i < reps; ++i) G.run(gpu, [cmd]);
      await G.done(gpu);
      const key = `${cmd.label} ${cmd.groups.join('x')}`;
      rows[key] = rows[key] || { n: 0, ms: 0 };
      rows[key].n += 1;
      rows[key].ms += (performance.now() - t0) / reps;
    }
  }
  return { adapter: a.adapter, rows: Object.entries(rows).sort((p, q) => q[1].ms - p[1].ms) };
}

async function main() {
  const a = args(process.argv.slice(2));
  const root = path.join(ROOT, 'build', 'bench-web');
  if (!fs.existsSync(path.join(root, 'gpu', 'webgpu.js'))) {
    throw new Error(`webgpu_profile: ${root} has no WebGPU page: run ./course bench --only webgpu first`);
  }
  const server = await startServer({ root, isolated: true });
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => document.getElementById('status').textContent === 'ready');
    const r = await page.evaluate(profileStep, { workload: a.workload, reps: a.reps });
    const total = r.rows.reduce((s, [, v]) => s + v.ms, 0);
    console.log(`${a.workload} on ${r.adapter}: ${r.rows.length} kinds of command, ${total.toFixed(1)} ms ` +
      'timed one by one');
    console.log('      ms  share     n  kernel and grid');
    for (const [key, v] of r.rows.slice(0, a.top)) {
      console.log(`${v.ms.toFixed(1).padStart(8)} ${(100 * v.ms / total).toFixed(1).padStart(5)}% ` +
        `${String(v.n).padStart(5)}  ${key}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(String(e.message || e).split('\n')[0]);  // the reason, not the page's stack
  process.exit(1);
});
