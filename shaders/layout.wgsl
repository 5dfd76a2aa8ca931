// Layout: swaps the two outer axes of a contiguous float32 tensor, x (A, B, I) -> y (B, A, I).
// conv2d.wgsl needs it twice: its GEMM makes K x N x (P Q) and the network's layout is N x K x (P Q),
// and the backward pass turns dy back the other way. One invocation per element.

struct Swap { A: u32, B: u32, I: u32 }

@group(0) @binding(0) var<uniform> sw: Swap;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

// e indexes y (b, a, i); it reads x (a, b, i)
@compute @workgroup_size(256)
fn swap01(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat(gid, groups);
  if (e >= sw.A * sw.B * sw.I) { return; }
  let i = e % sw.I;
  let a = (e / sw.I) % sw.A;
  let b = e / (sw.I * sw.A);
  y[e] = x[(a * sw.B + b) * sw.I + i];
}
