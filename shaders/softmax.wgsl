// Softmax along the last axis, its backward pass, and the softmax cross-entropy of a classifier,
// float32.
//   softmax           y[r][c] = exp(x[r][c] - max_r) / sum_c' exp(x[r][c'] - max_r)   (max_r: no overflow)
//                     causal: row r is the query at position i = r % cols (rows of (..., T, T)
//                     scores); keys c > i are masked out: y[r][c] = 0, the max and sum skip them,
//                     as the CPU's causal_mask (-1e30, whose exp is 0) then softmax
//   softmax_backward  dx[r][c] = scale y[r][c] (dy[r][c] - sum_c' dy[r][c'] y[r][c'])
//                     (y: softmax's output; scale: the 1/sqrt(D) applied before the softmax, so
//                     dx is the gradient of the unscaled scores; a masked y is 0, so is its dx)
//   cross_entropy     loss[r] = log sum_c exp(z[r][c]) - z[r][t_r]  (log-sum-exp, shifted by the max),
//                     dz[r][c] = scale (softmax(z)[r][c] - [c = t_r]); scale = 1 / rows for the mean
//                     loss, which reduce.wgsl then sums.
// One invocation per row (a classifier's rows are short: 10 classes, an attention row T <= 256).

struct Rows { rows: u32, cols: u32, scale: f32, causal: u32 }

@group(0) @binding(0) var<uniform> rp: Rows;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read> labels: array<u32>;
@group(0) @binding(4) var<storage, read_write> loss: array<f32>;
@group(0) @binding(5) var<storage, read> dy: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

// The columns row r attends to: all, or under the causal mask those up to its position.
fn row_len(r: u32) -> u32 { return select(rp.cols, r % rp.cols + 1u, rp.causal != 0u); }

fn row_max(base: u32, n: u32) -> f32 {
  var m = x[base];
  for (var c = 1u; c < n; c += 1u) { m = max(m, x[base + c]); }
  return m;
}

fn row_sum_exp(base: u32, n: u32, m: f32) -> f32 {
  var s = 0.0;
  for (var c = 0u; c < n; c += 1u) { s += exp(x[base + c] - m); }
  return s;
}

@compute @workgroup_size(256)
fn softmax(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let r = flat(gid, groups);
  if (r >= rp.rows) { return; }
  let base = r * rp.cols;
  let n = row_len(r);
  let m = row_max(base, n);
  let s = row_sum_exp(base, n, m);
  for (var c = 0u; c < rp.cols; c += 1u) { y[base + c] = select(0.0, exp(x[base + c] - m) / s, c < n); }
}

// x = softmax's output y, dy = its gradient, y = dx
@compute @workgroup_size(256)
fn softmax_backward(@builtin(global_invocation_id) gid: vec3<u32>,
                    @builtin(num_workgroups) groups: vec3<u32>) {
  let r = flat(gid, groups);
  if (r >= rp.rows) { return; }
  let base = r * rp.cols;
  var dot = 0.0;
  for (var c = 0u; c < rp.cols; c += 1u) { dot += dy[base + c] * x[base + c]; }
  for (var c = 0u; c < rp.cols; c += 1u) { y[base + c] = rp.scale * (x[base + c] * (dy[base + c] - dot)); }
}

// x = logits z, y = dz, labels = the classes, loss = one value per row
@compute @workgroup_size(256)
fn cross_entropy(@builtin(global_invocation_id) gid: vec3<u32>,
                 @builtin(num_workgroups) groups: vec3<u32>) {
  let r = flat(gid, groups);
  if (r >= rp.rows) { return; }
  let base = r * rp.cols;
  let m = row_max(base, rp.cols);
  let s = row_sum_exp(base, rp.cols, m);
  let t = labels[r];
  loss[r] = log(s) + m - x[base + t];
  for (var c = 0u; c < rp.cols; c += 1u) {
    let hit = select(0.0, 1.0, c == t);
    y[base + c] = rp.scale * (exp(x[base + c] - m) / s - hit);
  }
}
