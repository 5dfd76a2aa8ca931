// Sum: out[0] = scale * sum of x[0..n), in one workgroup (the loss of a batch: a few hundred
// values). 256 invocations stride over x, then halve their partial sums in workgroup memory.

struct Sum { n: u32, scale: f32 }

@group(0) @binding(0) var<uniform> sp: Sum;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> part: array<f32, 256>;

// Dispatch (1, 1, 1).
@compute @workgroup_size(256)
fn sum(@builtin(local_invocation_index) t: u32) {
  var s = 0.0;
  for (var i = t; i < sp.n; i += 256u) { s += x[i]; }
  part[t] = s;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half /= 2u) {
    if (t < half) { part[t] += part[t + half]; }
    workgroupBarrier();
  }
  if (t == 0u) { out[0] = sp.scale * part[0]; }
}
