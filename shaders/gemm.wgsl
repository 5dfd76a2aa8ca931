// GEMM: C[b] = alpha * op(A[b]) op(B[b]) + beta * C[b], row-major float32, op(X) = X or X^T.
//
// Legend: after op, A is M x K, B is K x N and C is M x N. Stored, A is M x K (K x M when
// trans_a), B is K x N (N x K when trans_b), each contiguous. The batch index b is the workgroup's
// z; sa, sb and sc are the element offsets between one batch's matrices and the next (0: every
// batch uses the same matrix, as a conv's filters do).
//
// Tiling: a workgroup of 16 x 16 invocations computes a 64 x 64 block of C, invocation (tx, ty)
// the 4 x 4 block at rows 4 ty .. 4 ty + 3 and columns 4 tx .. 4 tx + 3, as four vec4 rows. K is
// walked 16 at a time: the workgroup copies a 64 x 16 slice of op(A) and a 16 x 64 slice of op(B)
// into workgroup memory as vec4s (one of each per invocation), with zeros outside the matrices,
// so any M, N, K works (1 included) and the edge needs no other case. Each step of k then costs an
// invocation two vec4 reads and four vec4 fma: on SwiftShader 4-5x the speed of the same tiles
// held as scalars (`./course bench --only webgpu`).
// Dispatch: (ceil(N / 64), ceil(M / 64), batches).

struct Params {
  M: u32, N: u32, K: u32,
  trans_a: u32, trans_b: u32,
  sa: u32, sb: u32, sc: u32,
  alpha: f32, beta: f32,
  batches: u32,  // gemm_small only (gemm takes the batch from its dispatch)
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;

const TILE = 64u;
const TK = 16u;
// As[k][r] holds op(A) rows m0 + 4 r .. 4 r + 3 at k0 + k; Bs[k][c] holds op(B) columns n0 + 4 c ..
// 4 c + 3 at k0 + k: each invocation reads one vec4 of each per step of k.
var<workgroup> As: array<array<vec4<f32>, 16>, 16>;
var<workgroup> Bs: array<array<vec4<f32>, 16>, 16>;

// op(A)[m][k] of batch b, 0 outside the matrix.
fn a_at(b: u32, m: u32, k: u32) -> f32 {
  if (m >= p.M || k >= p.K) { return 0.0; }
  let i = select(m * p.K + k, k * p.M + m, p.trans_a != 0u);
  return A[b * p.sa + i];
}

// op(B)[k][n] of batch b, 0 outside the matrix.
fn b_at(b: u32, k: u32, n: u32) -> f32 {
  if (k >= p.K || n >= p.N) { return 0.0; }
  let i = select(k * p.N + n, n * p.K + k, p.trans_b != 0u);
  return B[b * p.sb + i];
}

@compute @workgroup_size(16, 16)
fn gemm(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let b = wg.z;
  let m0 = wg.y * TILE;
  let n0 = wg.x * TILE;
  // This invocation's 4 x 4 block of C: rows m0 + 4 ty .. + 3, columns n0 + 4 tx .. + 3.
  let ty = lid.y;
  let tx = lid.x;
  var acc: array<vec4<f32>, 4>;  // acc[i]: row m0 + 4 ty + i, its four columns
  for (var k0 = 0u; k0 < p.K; k0 += TK) {
    // Each invocation fills one vec4 of each slice: k = k0 + ty, rows (columns) 4 tx .. 4 tx + 3.
    let k = k0 + ty;
    let r = m0 + 4u * tx;
    As[ty][tx] = vec4<f32>(a_at(b, r, k), a_at(b, r + 1u, k), a_at(b, r + 2u, k), a_at(b, r + 3u, k));
    let c = n0 + 4u * tx;
    Bs[ty][tx] = vec4<f32>(b_at(b, k, c), b_at(b, k, c + 1u), b_at(b, k, c + 2u), b_at(b, k, c + 3u));
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk += 1u) {
      let av = As[kk][ty];
      let bv = Bs[kk][tx];
      acc[0] = fma(vec4<f32>(av.x), bv, acc[0]);
      acc[1] = fma(vec4<f32>(av.y), bv, acc[1]);
      acc[2] = fma(vec4<f32>(av.z), bv, acc[2]);
      acc[3] = fma(vec4<f32>(av.w), bv, acc[3]);
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i += 1u) {
    let m = m0 + 4u * ty + i;
    for (var j = 0u; j < 4u; j += 1u) {
      let n = n0 + 4u * tx + j;
      if (m < p.M && n < p.N) {
        let c = b * p.sc + m * p.N + n;
        var v = p.alpha * acc[i][j];
        if (p.beta != 0.0) { v += p.beta * C[c]; }  // beta 0 overwrites, whatever C held
        C[c] = v;
      }
    }
  }
}

// The same product for small matrices: one invocation per element of C, no workgroup memory and
// no barriers. A tile of 64 x 64 wastes most of its work on a 32 x 32 head's scores, and on a
// software adapter each barrier of a 256-invocation workgroup costs more than the arithmetic
// (`./course bench --only webgpu`). Dispatch flat(M N batches), workgroups of 64.
@compute @workgroup_size(64)
fn gemm_small(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let e = gid.y * groups.x * 64u + gid.x;
  let mn = p.M * p.N;
  let b = e / mn;
  if (b >= p.batches) { return; }
  let m = (e % mn) / p.N;
  let n = e % p.N;
  var acc = 0.0;
  for (var k = 0u; k < p.K; k += 1u) { acc = fma(a_at(b, m, k), b_at(b, k, n), acc); }
  let c = b * p.sc + m * p.N + n;
  var v = p.alpha * acc;
  if (p.beta != 0.0) { v += p.beta * C[c]; }
  C[c] = v;
}
