// Adam, as src/engine/optim.cpp steps it, on n weights at once (one invocation each):
//   g = dw + l2 w;  m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   w -= lr_c1 m / (sqrt(v) inv_sqrt_c2 + eps) + decay w
// with c1 = 1 - beta1^t, c2 = 1 - beta2^t, lr_c1 = lr / c1 and inv_sqrt_c2 = 1 / sqrt(c2): the bias
// corrections m / c1 and v / c2 folded into two numbers the host computes once per step, in the
// same float arithmetic as the CPU. l2 is weight decay added to the gradient, decay the decoupled
// kind (AdamW, lr times the rate); one of them is 0.

struct Adam { n: u32, beta1: f32, beta2: f32, eps: f32, lr_c1: f32, inv_sqrt_c2: f32, l2: f32, decay: f32 }

@group(0) @binding(0) var<uniform> ap: Adam;
@group(0) @binding(1) var<storage, read_write> w: array<f32>;
@group(0) @binding(2) var<storage, read> dw: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

@compute @workgroup_size(256)
fn adam(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= ap.n) { return; }
  let g = dw[i] + ap.l2 * w[i];
  m[i] = ap.beta1 * m[i] + (1.0 - ap.beta1) * g;
  v[i] = ap.beta2 * v[i] + (1.0 - ap.beta2) * g * g;
  w[i] -= ap.lr_c1 * m[i] / (sqrt(v[i]) * ap.inv_sqrt_c2 + ap.eps) + ap.decay * w[i];
}
