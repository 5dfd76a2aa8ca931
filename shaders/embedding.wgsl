// Token and position embeddings, and their gradient for the token table, float32.
//
// Legend: R = B T rows (token r is at position r % T); ids (R) u32; E (V, C) the token table;
// P (T', C) the position table, T' >= T; h, dh (R, C).
//   embed           h[r] = E[ids[r]] + P[r % T]
//   embed_backward  dE[v] = sum of dh[r] over the rows r with ids[r] = v, in the order of r
// The gradient is a gather, so no two invocations write one value and no atomics are needed: the
// host sorts the rows by id (stably) each step, `order` (R) the sorted rows and `starts` (V + 1)
// where each id's run begins, and invocation (v, c) adds its run. dP = the sum of dh over b is
// bias.wgsl's bias_grad with O = B, J = T C.

struct Embed { R: u32, C: u32, T: u32, V: u32 }

@group(0) @binding(0) var<uniform> ep: Embed;
@group(0) @binding(1) var<storage, read> ids: array<u32>;
@group(0) @binding(2) var<storage, read> E: array<f32>;
@group(0) @binding(3) var<storage, read> P: array<f32>;
@group(0) @binding(4) var<storage, read_write> h: array<f32>;
@group(0) @binding(5) var<storage, read> dh: array<f32>;
@group(0) @binding(6) var<storage, read> order: array<u32>;
@group(0) @binding(7) var<storage, read> starts: array<u32>;
@group(0) @binding(8) var<storage, read_write> dE: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

@compute @workgroup_size(256)
fn embed(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat(gid, groups);
  if (e >= ep.R * ep.C) { return; }
  let r = e / ep.C;
  let c = e % ep.C;
  h[e] = E[ids[r] * ep.C + c] + P[(r % ep.T) * ep.C + c];
}

@compute @workgroup_size(256)
fn embed_backward(@builtin(global_invocation_id) gid: vec3<u32>,
                  @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat(gid, groups);
  if (e >= ep.V * ep.C) { return; }
  let v = e / ep.C;
  let c = e % ep.C;
  var s = 0.0;
  for (var k = starts[v]; k < starts[v + 1u]; k += 1u) { s += dh[order[k] * ep.C + c]; }
  dE[e] = s;
}
