// Bias: y (O, J, I) += b (J), and its gradient db (J) = sum over o and i of dy (o, J, i).
// A dense layer's bias is O = rows, J = columns, I = 1; a conv's is O = N, J = K channels, I = P Q.
// The gradient is one workgroup per j: 256 invocations stride over the O I terms, then halve
// their partial sums in workgroup memory (a tree, so the float order differs from the CPU's
// left-to-right sum: the tests allow for it). For a short sum, bias_grad_serial: one invocation
// per j adds its terms in order (no barriers, which a software adapter makes dear).

struct Bias { O: u32, J: u32, I: u32, accumulate: u32 }

@group(0) @binding(0) var<uniform> bp: Bias;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> db: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

@compute @workgroup_size(256)
fn add_bias(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat(gid, groups);
  if (e >= bp.O * bp.J * bp.I) { return; }
  y[e] += b[(e / bp.I) % bp.J];
}

var<workgroup> part: array<f32, 256>;

// Dispatch (J, 1, 1).
@compute @workgroup_size(256)
fn bias_grad(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let j = wg.x;
  let terms = bp.O * bp.I;
  var s = 0.0;
  for (var k = t; k < terms; k += 256u) {
    let o = k / bp.I;
    let i = k % bp.I;
    s += dy[(o * bp.J + j) * bp.I + i];
  }
  part[t] = s;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half /= 2u) {
    if (t < half) { part[t] += part[t + half]; }
    workgroupBarrier();
  }
  if (t == 0u) {
    var v = part[0];
    if (bp.accumulate != 0u) { v += db[j]; }
    db[j] = v;
  }
}

// Dispatch flat(J).
@compute @workgroup_size(256)
fn bias_grad_serial(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let j = flat(gid, groups);
  if (j >= bp.J) { return; }
  var s = 0.0;
  for (var o = 0u; o < bp.O; o += 1u) {
    for (var i = 0u; i < bp.I; i += 1u) { s += dy[(o * bp.J + j) * bp.I + i]; }
  }
  if (bp.accumulate != 0u) { s += db[j]; }
  db[j] = s;
}
