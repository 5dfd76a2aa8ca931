// Layer norm over the last axis C of R rows, float32, and its backward pass (the CPU's is
// src/engine/ops_norm.cpp; a Transformer block norms every token's C channels twice).
//
// Legend: x, y, dy, dx are (R, C); gamma, beta, dgamma, dbeta are (C); stats is (R, 2).
//   forward          mu = mean(x), rstd = 1 / sqrt(var(x) + eps), x_hat = (x - mu) rstd,
//                    y = gamma x_hat + beta;  stats[r] = (mu, rstd), kept for the backward pass
//   backward         dx_hat = dy gamma,
//                    dx (+)= rstd (dx_hat - mean(dx_hat) - x_hat mean(dx_hat x_hat))
//                    (accumulate adds into dx: the residual stream's gradient already there)
//   backward_params  dgamma = sum_r dy x_hat,  dbeta = sum_r dy
// forward and backward: one invocation per row, its C values in order as the CPU walks them.
// backward_params: one workgroup per column; 256 invocations stride over the rows, then halve
// their partial sums in workgroup memory (a tree, as bias.wgsl's gradient); for few rows,
// backward_params_serial: one invocation per column, over the rows in order.

struct Norm { R: u32, C: u32, eps: f32, accumulate: u32 }

@group(0) @binding(0) var<uniform> np: Norm;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;
@group(0) @binding(6) var<storage, read> dy: array<f32>;
@group(0) @binding(7) var<storage, read_write> dx: array<f32>;
@group(0) @binding(8) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(9) var<storage, read_write> dbeta: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

@compute @workgroup_size(256)
fn layer_norm(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let r = flat(gid, groups);
  if (r >= np.R) { return; }
  let base = r * np.C;
  var mu = 0.0;
  for (var j = 0u; j < np.C; j += 1u) { mu += x[base + j]; }
  mu /= f32(np.C);
  var v = 0.0;
  for (var j = 0u; j < np.C; j += 1u) { v += (x[base + j] - mu) * (x[base + j] - mu); }
  let rstd = 1.0 / sqrt(v / f32(np.C) + np.eps);
  for (var j = 0u; j < np.C; j += 1u) { y[base + j] = gamma[j] * (x[base + j] - mu) * rstd + beta[j]; }
  stats[2u * r] = mu;
  stats[2u * r + 1u] = rstd;
}

@compute @workgroup_size(256)
fn layer_norm_backward(@builtin(global_invocation_id) gid: vec3<u32>,
                       @builtin(num_workgroups) groups: vec3<u32>) {
  let r = flat(gid, groups);
  if (r >= np.R) { return; }
  let base = r * np.C;
  let mu = stats[2u * r];
  let rstd = stats[2u * r + 1u];
  var m1 = 0.0;  // mean(dx_hat)
  var m2 = 0.0;  // mean(dx_hat x_hat)
  for (var j = 0u; j < np.C; j += 1u) {
    let dx_hat = dy[base + j] * gamma[j];
    m1 += dx_hat;
    m2 += dx_hat * ((x[base + j] - mu) * rstd);
  }
  m1 /= f32(np.C);
  m2 /= f32(np.C);
  for (var j = 0u; j < np.C; j += 1u) {
    let x_hat = (x[base + j] - mu) * rstd;
    var d = rstd * (dy[base + j] * gamma[j] - m1 - x_hat * m2);
    if (np.accumulate != 0u) { d += dx[base + j]; }
    dx[base + j] = d;
  }
}

var<workgroup> part_g: array<f32, 256>;
var<workgroup> part_b: array<f32, 256>;

// Dispatch (C, 1, 1).
@compute @workgroup_size(256)
fn layer_norm_backward_params(@builtin(workgroup_id) wg: vec3<u32>,
                              @builtin(local_invocation_index) t: u32) {
  let j = wg.x;
  var sg = 0.0;
  var sb = 0.0;
  for (var r = t; r < np.R; r += 256u) {
    let g = dy[r * np.C + j];
    sg += g * ((x[r * np.C + j] - stats[2u * r]) * stats[2u * r + 1u]);
    sb += g;
  }
  part_g[t] = sg;
  part_b[t] = sb;
  workgroupBarrier();
  for (var half = 128u; half > 0u; half /= 2u) {
    if (t < half) {
      part_g[t] += part_g[t + half];
      part_b[t] += part_b[t + half];
    }
    workgroupBarrier();
  }
  if (t == 0u) {
    dgamma[j] = part_g[0];
    dbeta[j] = part_b[0];
  }
}

// Dispatch flat(C).
@compute @workgroup_size(256)
fn layer_norm_backward_params_serial(@builtin(global_invocation_id) gid: vec3<u32>,
                                     @builtin(num_workgroups) groups: vec3<u32>) {
  let j = flat(gid, groups);
  if (j >= np.C) { return; }
  var sg = 0.0;
  var sb = 0.0;
  for (var r = 0u; r < np.R; r += 1u) {
    let g = dy[r * np.C + j];
    sg += g * ((x[r * np.C + j] - stats[2u * r]) * stats[2u * r + 1u]);
    sb += g;
  }
  dgamma[j] = sg;
  dbeta[j] = sb;
}
