// Max pooling over size x size windows with a stride, NCHW float32, as the engine's max_pool2d:
// x (N C, H, W) -> y (N C, P, Q), P = (H - size) / stride + 1. The forward pass keeps, for each
// output, the index into x of its window's largest value (the first one on a tie, scanning rows
// then columns, as the CPU does); the backward pass routes dy there. The backward is a gather: each
// input sums the dy of the windows whose winner it is, so no two invocations write one place.

struct Pool { NC: u32, H: u32, W: u32, P: u32, Q: u32, size: u32, stride: u32, accumulate: u32 }

@group(0) @binding(0) var<uniform> pp: Pool;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> arg: array<u32>;
@group(0) @binding(4) var<storage, read> winner: array<u32>;
@group(0) @binding(5) var<storage, read> dy: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

@compute @workgroup_size(256)
fn max_pool(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let o = flat(gid, groups);
  if (o >= pp.NC * pp.P * pp.Q) { return; }
  let q = o % pp.Q;
  let p = (o / pp.Q) % pp.P;
  let nc = o / (pp.Q * pp.P);
  var best = (nc * pp.H + p * pp.stride) * pp.W + q * pp.stride;
  for (var r = 0u; r < pp.size; r += 1u) {
    for (var c = 0u; c < pp.size; c += 1u) {
      let i = (nc * pp.H + p * pp.stride + r) * pp.W + q * pp.stride + c;
      if (x[i] > x[best]) { best = i; }
    }
  }
  y[o] = x[best];
  arg[o] = best;
}

// One invocation per input element i = (nc, h, w): the windows (p, q) that contain it.
@compute @workgroup_size(256)
fn max_pool_backward(@builtin(global_invocation_id) gid: vec3<u32>,
                     @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= pp.NC * pp.H * pp.W) { return; }
  let w = i % pp.W;
  let h = (i / pp.W) % pp.H;
  let nc = i / (pp.W * pp.H);
  // windows p with p stride <= h < p stride + size
  let p_lo = select(0u, (h + 1u - pp.size + pp.stride - 1u) / pp.stride, h + 1u > pp.size);
  let q_lo = select(0u, (w + 1u - pp.size + pp.stride - 1u) / pp.stride, w + 1u > pp.size);
  var g = 0.0;
  for (var p = p_lo; p <= h / pp.stride && p < pp.P; p += 1u) {
    for (var q = q_lo; q <= w / pp.stride && q < pp.Q; q += 1u) {
      let o = (nc * pp.P + p) * pp.Q + q;
      if (winner[o] == i) { g += dy[o]; }
    }
  }
  if (pp.accumulate != 0u) { g += dx[i]; }
  dx[i] = g;
}
