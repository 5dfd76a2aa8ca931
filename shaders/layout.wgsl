// Layout: swaps two axes of a contiguous float32 tensor, x (O, A, B, I) -> y (O, B, A, I).
// conv2d.wgsl needs it twice (O = 1): its GEMM makes K x N x (P Q) and the network's layout is
// N x K x (P Q), and the backward pass turns dy back the other way. Attention splits heads with
// it, (B, T, nh, D) -> (B, nh, T, D) (O = B), and merges them back. One invocation per element.

struct Swap { A: u32, B: u32, I: u32, O: u32 }

@group(0) @binding(0) var<uniform> sw: Swap;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

// e indexes y (o, b, a, i); it reads x (o, a, b, i)
@compute @workgroup_size(256)
fn swap01(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat(gid, groups);
  let block = sw.A * sw.B * sw.I;
  if (e >= sw.O * block) { return; }
  let o = e / block;
  let r = e % block;
  let i = r % sw.I;
  let a = (r / sw.I) % sw.A;
  let b = r / (sw.I * sw.A);
  y[e] = x[o * block + (a * sw.B + b) * sw.I + i];
}
