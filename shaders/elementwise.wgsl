// Elementwise ops on n floats, one invocation each:
//   relu            y = max(x, 0)
//   relu_backward   dx (+)= dy * [y > 0]      (y is relu's output: y > 0 exactly where x > 0)
//   add             y = a + b                  (a residual connection)
// Dispatch flat(n): (min(g, 65535), ceil(g / 65535)) workgroups of 256 for g = ceil(n / 256),
// so that n may pass the 65535-workgroup limit of one dimension.

struct Count { n: u32, accumulate: u32 }

@group(0) @binding(0) var<uniform> ct: Count;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

// a = x, out = y
@compute @workgroup_size(256)
fn relu(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= ct.n) { return; }
  out[i] = max(a[i], 0.0);
}

// a = y, b = dy, out = dx
@compute @workgroup_size(256)
fn relu_backward(@builtin(global_invocation_id) gid: vec3<u32>,
                 @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= ct.n) { return; }
  var g = select(0.0, b[i], a[i] > 0.0);
  if (ct.accumulate != 0u) { g += out[i]; }
  out[i] = g;
}

@compute @workgroup_size(256)
fn add(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= ct.n) { return; }
  out[i] = a[i] + b[i];
}
