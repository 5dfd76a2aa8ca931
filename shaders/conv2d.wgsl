// 2-D convolution as im2col + GEMM (gemm.wgsl), NCHW float32, the layout of src/kernels/conv.h.
//
// Legend: x is N x C x H x W, the filters w are K x C x R x S, y is N x K x P x Q with
// P = (H + 2 pad - R) / stride + 1 and Q likewise. The column matrix `cols` is (C R S) x (N P Q):
// row j = (c, r, s), column l = (n, p, q), cols[j][l] = x[n][c][p stride - pad + r][q stride - pad + s]
// (0 in the padding). Then, with y and dy read as K x N x (P Q) after layout.wgsl's swap:
//   forward      y  = w cols             (K x CRS) (CRS x NPQ)
//   filters      dw = dy cols^T          (K x NPQ) (NPQ x CRS)
//   data         dcols = w^T dy, and dx = col2im(dcols): each input pixel sums the columns it
//                was copied into, so no two invocations write one place and no atomics are needed.
// One invocation per element; dispatch flat(count) as in elementwise.wgsl.

struct Conv {
  N: u32, C: u32, H: u32, W: u32,
  K: u32, R: u32, S: u32,
  stride: u32, pad: u32,
  P: u32, Q: u32,
  accumulate: u32,  // col2im: dx += instead of dx =
}

@group(0) @binding(0) var<uniform> cv: Conv;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 { return gid.y * groups.x * 256u + gid.x; }

// src = x, dst = cols
@compute @workgroup_size(256)
fn im2col(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let npq = cv.N * cv.P * cv.Q;
  let e = flat(gid, groups);
  if (e >= cv.C * cv.R * cv.S * npq) { return; }
  let j = e / npq;
  let l = e % npq;
  let c = j / (cv.R * cv.S);
  let r = (j / cv.S) % cv.R;
  let s = j % cv.S;
  let n = l / (cv.P * cv.Q);
  let p = (l / cv.Q) % cv.P;
  let q = l % cv.Q;
  // i32: the padding reaches below row 0
  let h = i32(p * cv.stride + r) - i32(cv.pad);
  let w = i32(q * cv.stride + s) - i32(cv.pad);
  var v = 0.0;
  if (h >= 0 && h < i32(cv.H) && w >= 0 && w < i32(cv.W)) {
    v = src[((n * cv.C + c) * cv.H + u32(h)) * cv.W + u32(w)];
  }
  dst[e] = v;
}

// src = dcols, dst = dx: dx[n][c][h][w] = sum over the (r, s, p, q) with p stride - pad + r = h and
// q stride - pad + s = w of dcols[(c, r, s)][(n, p, q)].
@compute @workgroup_size(256)
fn col2im(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = flat(gid, groups);
  if (e >= cv.N * cv.C * cv.H * cv.W) { return; }
  let w = e % cv.W;
  let h = (e / cv.W) % cv.H;
  let c = (e / (cv.W * cv.H)) % cv.C;
  let n = e / (cv.W * cv.H * cv.C);
  let npq = cv.N * cv.P * cv.Q;
  var sum = 0.0;
  for (var r = 0u; r < cv.R; r += 1u) {
    let hp = i32(h + cv.pad) - i32(r);  // = p stride
    if (hp < 0 || hp % i32(cv.stride) != 0) { continue; }
    let p = u32(hp) / cv.stride;
    if (p >= cv.P) { continue; }
    for (var s = 0u; s < cv.S; s += 1u) {
      let wq = i32(w + cv.pad) - i32(s);
      if (wq < 0 || wq % i32(cv.stride) != 0) { continue; }
      let q = u32(wq) / cv.stride;
      if (q >= cv.Q) { continue; }
      let j = (c * cv.R + r) * cv.S + s;
      sum += src[j * npq + (n * cv.P + p) * cv.Q + q];
    }
  }
  if (cv.accumulate != 0u) { sum += dst[e]; }
  dst[e] = sum;
}
