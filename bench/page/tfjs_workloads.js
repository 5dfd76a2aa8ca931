// The benchmark workloads written with TensorFlow.js core ops, built from OUR initial weights and
// data (the JSON the engine's bench_setup returns), so both sides compute the same thing:
//   same shapes and batch, same loss, same optimiser and hyperparameters (Adam's epsilon set to the
//   engine's 1e-8; TF.js's default is 1e-7), same number of steps.
// Layout differences are handled when the weights are loaded, never inside the timed loop:
//   - TF.js convolutions are NHWC with filters (R,S,C,K); the engine's are NCHW with (K,C,R,S).
//   - The CNN's dense layer reads the engine's flatten order (c,h,w); TF.js flattens (h,w,c), so the
//     rows of its weight matrix are permuted once.
//   - The char models' embedding lookups are one-hot matmuls (oneHot(ids_t) E): TF.js's gather
//     gradient needs UnsortedSegmentSum, which the wasm backend lacks; the product is the same numbers.
//   - The Transformer keeps its activations as (B*T,C) matrices and reshapes to (B,nh,T,D) only for
//     the attention products, as the engine's split_heads does.
//   - The GAN has two players, each with its own optimiser and variables: a model may bring its own
//     step(readBack) instead of one optimizer and loss, and name every loss it reads back.
//   - The VAE reads back its two terms beside its loss, through the same step(readBack).
'use strict';

(function () {
  const tensorOf = (t) => tf.tensor(t.values, t.shape, 'float32');
  const variableOf = (t, name) => tf.variable(tensorOf(t), true, name);

  // Dense layers named W_1, b_1, W_2, ... (models/mlp.cpp: Linear("1"), Linear("2"), ...).
  function mlpVars(weights) {
    const layers = [];
    for (let l = 1; weights['W_' + l]; ++l)
      layers.push({ W: variableOf(weights['W_' + l], 'W_' + l), b: variableOf(weights['b_' + l], 'b_' + l) });
    return layers;
  }
  function mlpForward(layers, act, x) {
    let h = x;
    layers.forEach((layer, i) => {
      h = tf.add(tf.matMul(h, layer.W), layer.b);
      if (i + 1 < layers.length) h = act(h);
    });
    return h;
  }

  // The char models' data: ids (B, T+1) row-major; step t reads column t, predicts column t+1.
  // inputs[t] is the one-hot (B,V) of column t; Y the one-hot targets (T*B,V), row t*B + b.
  function timeSteps({ ids, B, T, V }) {
    const column = (t) => Array.from({ length: B }, (_, b) => ids[b * (T + 1) + t]);
    const inputs = [], targets = [];
    for (let t = 0; t < T; ++t) {
      inputs.push(tf.oneHot(tf.tensor1d(column(t), 'int32'), V).toFloat());
      targets.push(...column(t + 1));
    }
    return { inputs, Y: tf.oneHot(tf.tensor1d(targets, 'int32'), V).toFloat() };
  }

  // LayerNorm over the last axis, as engine/ops_norm.cpp: (x - mean) / sqrt(var + eps) gamma + beta.
  function layerNorm(x, gamma, beta) {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gamma), beta);
  }

  // The char Transformer's parameters (bench/workloads.cpp): block l's are prefixed "h<l>_".
  function transformerBlockVars(weights, l) {
    const v = (name) => variableOf(weights[`h${l}_${name}`], `h${l}_${name}`);
    const linear = (name) => ({ W: v('W_' + name), b: v('b_' + name) });
    return {
      ln1: { gamma: v('ln1_gamma'), beta: v('ln1_beta') },
      ln2: { gamma: v('ln2_gamma'), beta: v('ln2_beta') },
      q: linear('attn_q'), k: linear('attn_k'), v: linear('attn_v'), o: linear('attn_o'),
      fc1: linear('fc1'), fc2: linear('fc2'),
    };
  }
  const dense = (x, layer) => tf.add(tf.matMul(x, layer.W), layer.b);

  // One pre-norm block (models/transformer.cpp, models/attention.cpp) on x (B*T,C):
  //   x + attention(LayerNorm_1(x)), then + relu(LayerNorm_2(x) W_1 + b_1) W_2 + b_2.
  // mask (T,T) is 0 where the key may be seen and -1e30 after the query (the engine's causal_mask).
  function transformerBlock(p, x, { B, T, C, heads }, mask) {
    const D = C / heads;
    const split = (y) => tf.transpose(tf.reshape(y, [B, T, heads, D]), [0, 2, 1, 3]);  // (B,nh,T,D)
    const a = layerNorm(x, p.ln1.gamma, p.ln1.beta);
    const q = split(dense(a, p.q)), k = split(dense(a, p.k)), v = split(dense(a, p.v));
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(D)), mask);
    const y = tf.matMul(tf.softmax(scores), v);                                           // (B,nh,T,D)
    const merged = tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [B * T, C]);
    const x1 = tf.add(x, dense(merged, p.o));
    const u = layerNorm(x1, p.ln2.gamma, p.ln2.beta);
    return tf.add(x1, dense(tf.relu(dense(u, p.fc1)), p.fc2));
  }

  // The CNN of models/cnn.h and of the cnn lab (convnet.cpp's default layers), from our weights
  // (`names`: which entries are the two convolutions and the dense layer), trained with Adam at
  // rate lr on `batches` [{X (B,28,28,1), Y one-hot (B,10)}], one a step, in turn.
  function cnnModel(weights, names, batches, lr) {
    const filter = (t) => { // (K,C,R,S) -> (R,S,C,K)
      const [K, C, R, S] = t.shape, v = new Float32Array(t.values.length);
      for (let k = 0; k < K; ++k) for (let c = 0; c < C; ++c) for (let r = 0; r < R; ++r)
        for (let s = 0; s < S; ++s) {
          v[((r * S + s) * C + c) * K + k] = t.values[((k * C + c) * R + r) * S + s];
        }
      return { shape: [R, S, C, K], values: v };
    };
    const fcRows = (t) => { // rows in (c,h,w) order -> (h,w,c) order, for 16 channels of 7x7
      const [rows, cols] = t.shape, v = new Float32Array(t.values.length);
      for (let c = 0; c < 16; ++c) for (let hw = 0; hw < 49; ++hw)
        for (let j = 0; j < cols; ++j) v[(hw * 16 + c) * cols + j] = t.values[(c * 49 + hw) * cols + j];
      return { shape: [rows, cols], values: v };
    };
    const w1 = variableOf(filter(weights[names.w1]), 'w1'), b1 = variableOf(weights[names.b1], 'b1');
    const w2 = variableOf(filter(weights[names.w2]), 'w2'), b2 = variableOf(weights[names.b2], 'b2');
    const W = variableOf(fcRows(weights[names.W]), 'W_fc'), b = variableOf(weights[names.b], 'b_fc');
    const forward = (X) => {
      const a1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(X, w1, 1, 'same'), b1)), 2, 2, 'valid');
      const a2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(a1, w2, 1, 'same'), b2)), 2, 2, 'valid');
      return tf.add(tf.matMul(tf.reshape(a2, [X.shape[0], 7 * 7 * 16]), W), b);
    };
    let done = 0;
    return {
      optimizer: tf.train.adam(lr, 0.9, 0.999, 1e-8),
      loss: () => {
        const { X, Y } = batches[done % batches.length];
        done += 1;
        return tf.losses.softmaxCrossEntropy(Y, forward(X));
      },
    };
  }

  const builders = {
    // 2-8-8-1 tanh, batch 10, MSE, SGD lr 0.05
    mlp2(weights, data) {
      const layers = mlpVars(weights);
      const X = tensorOf(data.X), Y = tensorOf(data.Y);
      return {
        optimizer: tf.train.sgd(0.05),
        loss: () => tf.losses.meanSquaredError(Y, mlpForward(layers, tf.tanh, X)),
      };
    },
    // 784-128-10 ReLU, batch 64, cross-entropy, Adam lr 1e-3
    mlp784(weights, data) {
      const layers = mlpVars(weights);
      const X = tensorOf(data.X), Y = tf.oneHot(tf.tensor1d(data.y, 'int32'), 10).toFloat();
      return {
        optimizer: tf.train.adam(1e-3, 0.9, 0.999, 1e-8),
        loss: () => tf.losses.softmaxCrossEntropy(Y, mlpForward(layers, tf.relu, X)),
      };
    },
    // conv5x5x8 (pad 2) - relu - maxpool2 - conv5x5x16 (pad 2) - relu - maxpool2 - dense 10,
    // batch 32, cross-entropy, Adam lr 1e-3
    cnn(weights, data) {
      const names = { w1: 'w1', b1: 'b1', w2: 'w2', b2: 'b2', W: 'W_fc', b: 'b_fc' };
      const [B, C, H, Wd] = data.X.shape; // C = 1: NCHW and NHWC hold the same values
      const X = tf.tensor4d(data.X.values, [B, H, Wd, C]);
      const Y = tf.oneHot(tf.tensor1d(data.y, 'int32'), 10).toFloat();
      return cnnModel(weights, names, [{ X, Y }], 1e-3);
    },
    // the cnn lab's default network (models/convnet.cpp: layers l1 conv, l2 pool, l3 conv, l4 pool,
    // then the head), the same shapes as cnn; the first `batches` batches of MNIST in file order,
    // one a step, Adam lr 0.002
    cnn_mnist(weights, data) {
      const names = { w1: 'l1_W', b1: 'l1_b', w2: 'l3_W', b2: 'l3_b', W: 'W_head', b: 'b_head' };
      const { B, batches } = data, n = B * 784;
      const list = [];
      for (let k = 0; k < batches; ++k) {
        // float32(p / 255): the division in double rounded once more is the float32 quotient
        const x = Float32Array.from(data.pixels.slice(k * n, (k + 1) * n), (p) => p / 255);
        list.push({
          X: tf.tensor4d(x, [B, 28, 28, 1]),
          Y: tf.oneHot(tf.tensor1d(data.y.slice(k * B, (k + 1) * B), 'int32'), 10).toFloat(),
        });
      }
      return cnnModel(weights, names, list, 0.002);
    },
    // char LSTM (models/char_lstm.cpp, models/lstm.cpp): V 65, E 32, H 128, T 32, batch 16, Adam lr 2e-3
    lstm(weights, data) {
      const { B, T, H } = data;
      const E = variableOf(weights.E, 'E');
      const Wx = variableOf(weights.W_x, 'W_x'), Wh = variableOf(weights.W_h, 'W_h');
      const bz = variableOf(weights.b, 'b');
      const Wy = variableOf(weights.W_y, 'W_y'), by = variableOf(weights.b_y, 'b_y');
      const { inputs, Y } = timeSteps(data);
      const zeros = tf.zeros([B, H]);
      const forward = () => {
        let h = zeros, c = zeros;
        const hs = [];
        for (let t = 0; t < T; ++t) {
          const x = tf.matMul(inputs[t], E);                                      // (B,E)
          const z = tf.add(tf.add(tf.matMul(x, Wx), tf.matMul(h, Wh)), bz);       // (B,4H)
          const [zi, zf, zg, zo] = tf.split(z, 4, 1);
          const i = tf.sigmoid(zi), f = tf.sigmoid(zf), g = tf.tanh(zg), o = tf.sigmoid(zo);
          c = tf.add(tf.mul(f, c), tf.mul(i, g));
          h = tf.mul(o, tf.tanh(c));
          hs.push(h);
        }
        return tf.add(tf.matMul(tf.concat(hs, 0), Wy), by);                      // (T*B,V)
      };
      return {
        optimizer: tf.train.adam(2e-3, 0.9, 0.999, 1e-8),
        loss: () => tf.losses.softmaxCrossEntropy(Y, forward()),
      };
    },
    // char GRU (models/gru.cpp, PyTorch's gate order r, z, n): V 65, C 128, T 32, batch 16,
    // Adam lr 2e-3
    gru(weights, data) {
      const { B, C } = data;
      const E = variableOf(weights.E, 'E');
      const Wx = variableOf(weights.W_x, 'W_x'), Wh = variableOf(weights.W_h, 'W_h');
      const bx = variableOf(weights.b_x, 'b_x'), bh = variableOf(weights.b_h, 'b_h');
      const Wy = variableOf(weights.W_y, 'W_y'), by = variableOf(weights.b_y, 'b_y');
      const { inputs, Y } = timeSteps(data);
      const zeros = tf.zeros([B, C]);
      const forward = () => {
        let h = zeros;
        const hs = [];
        for (const onehot of inputs) {
          const x = tf.matMul(onehot, E);                                         // (B,C)
          const [ar, az, an] = tf.split(tf.add(tf.matMul(x, Wx), bx), 3, 1);     // input parts
          const [ur, uz, un] = tf.split(tf.add(tf.matMul(h, Wh), bh), 3, 1);     // hidden parts
          const r = tf.sigmoid(tf.add(ar, ur)), z = tf.sigmoid(tf.add(az, uz));
          const n = tf.tanh(tf.add(an, tf.mul(r, un)));
          h = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
          hs.push(h);
        }
        return tf.add(tf.matMul(tf.concat(hs, 0), Wy), by);                      // (T*B,V)
      };
      return {
        optimizer: tf.train.adam(2e-3, 0.9, 0.999, 1e-8),
        loss: () => tf.losses.softmaxCrossEntropy(Y, forward()),
      };
    },
    // char Transformer (bench/workloads.cpp): token + position embeddings, pre-norm causal blocks,
    // final LayerNorm, read-out; V 65, C 64, 2 layers, 4 heads, T 32, batch 16, Adam lr 1e-3
    transformer(weights, data) {
      const { ids, B, T, V, C, layers } = data;
      const Etok = variableOf(weights.E_tok, 'E_tok'), Epos = variableOf(weights.E_pos, 'E_pos');
      const blocks = Array.from({ length: layers }, (_, l) => transformerBlockVars(weights, l));
      const lnf = {
        gamma: variableOf(weights.lnf_gamma, 'lnf_gamma'), beta: variableOf(weights.lnf_beta, 'lnf_beta'),
      };
      const out = { W: variableOf(weights.W_y, 'W_y'), b: variableOf(weights.b_y, 'b_y') };
      const inputs = [], targets = [];                                            // row b*T + t
      for (let b = 0; b < B; ++b) {
        for (let t = 0; t < T; ++t) {
          inputs.push(ids[b * (T + 1) + t]);
          targets.push(ids[b * (T + 1) + t + 1]);
        }
      }
      const X = tf.oneHot(tf.tensor1d(inputs, 'int32'), V).toFloat();            // (B*T,V)
      const Y = tf.oneHot(tf.tensor1d(targets, 'int32'), V).toFloat();
      const maskValues = new Float32Array(T * T);
      for (let i = 0; i < T; ++i) for (let j = i + 1; j < T; ++j) maskValues[i * T + j] = -1e30;
      const mask = tf.tensor2d(maskValues, [T, T]);
      const forward = () => {
        const tok = tf.reshape(tf.matMul(X, Etok), [B, T, C]);
        let x = tf.reshape(tf.add(tok, Epos), [B * T, C]);
        for (const p of blocks) x = transformerBlock(p, x, data, mask);
        return dense(layerNorm(x, lnf.gamma, lnf.beta), out);                     // (B*T,V)
      };
      return {
        optimizer: tf.train.adam(1e-3, 0.9, 0.999, 1e-8),
        loss: () => tf.losses.softmaxCrossEntropy(Y, forward()),
      };
    },
    // one GAN Lab iteration at its defaults (models/gan.h; bench/workloads.cpp "gan"): G 2-8-8-2
    // (ReLU, tanh out), D 2-8-8-1 (ReLU, logit), batch 150, SGD lr 0.1 for each; one D update on
    // -(mean log D(x) + mean log(1 - D(G(z)))), then one G update on -mean log D(G(z)) (the
    // non-saturating loss), each through its own variables; the batches of our engine in turn
    gan(weights, data) {
      const net = (prefix) => {
        const layers = [];
        for (let l = 1; weights[`${prefix}.W_${l}`]; ++l) {
          const W = `${prefix}.W_${l}`, b = `${prefix}.b_${l}`;
          layers.push({ W: variableOf(weights[W], W), b: variableOf(weights[b], b) });
        }
        return layers;
      };
      const G = net('G'), D = net('D');
      const varsOf = (layers) => layers.flatMap((l) => [l.W, l.b]);
      const dVars = varsOf(D), gVars = varsOf(G);
      const batches = data.x.map((x, k) => ({
        x: tensorOf(x), zD: tensorOf(data.z_d[k]), zG: tensorOf(data.z_g[k]),
      }));
      const ones = tf.ones([data.B, 1]), zeros = tf.zeros([data.B, 1]);
      const generate = (z) => tf.tanh(mlpForward(G, tf.relu, z));
      const discriminate = (x) => mlpForward(D, tf.relu, x);
      const bce = (labels, logits) => tf.losses.sigmoidCrossEntropy(labels, logits);
      const dOpt = tf.train.sgd(data.lr), gOpt = tf.train.sgd(data.lr);
      let done = 0;
      return {
        optimizers: [dOpt, gOpt],
        lossNames: ['d_loss', 'g_loss'],
        // One iteration; with readBack, returns the two losses (tensors) before their updates.
        step: (readBack) => {
          const { x, zD, zG } = batches[done % batches.length];
          done += 1;
          const dLossOf = () => tf.add(bce(ones, discriminate(x)), bce(zeros, discriminate(generate(zD))));
          const dLoss = dOpt.minimize(dLossOf, readBack, dVars);
          const gLoss = gOpt.minimize(() => bce(ones, discriminate(generate(zG))), readBack, gVars);
          return readBack ? [dLoss, gLoss] : null;
        },
      };
    },
    // one training step of chapter 5's VAE (models/vae.cpp; bench/workloads.cpp "vae"): encoder
    // 784-256-4 (ReLU) to [mu, log sigma^2], z = mu + exp(logvar / 2) eps, decoder 2-256-784 (ReLU)
    // to logits; recon = 784 x the pixel mean of sigmoidCrossEntropy (the per-digit sum, averaged
    // over the batch), kl = 1/2 sum(mu^2 + exp(logvar) - logvar - 1) / B, loss = recon + beta kl;
    // Adam lr 0.001; our digits and our eps, batch by batch in turn
    vae(weights, data) {
      const { B, batches, latent: k, beta } = data, n = B * 784;
      const net = (prefix) => {
        const layers = [];
        for (let l = 1; weights[`${prefix}.W_${l}`]; ++l) {
          const W = `${prefix}.W_${l}`, b = `${prefix}.b_${l}`;
          layers.push({ W: variableOf(weights[W], W), b: variableOf(weights[b], b) });
        }
        return layers;
      };
      const enc = net('enc'), dec = net('dec');
      const list = [];
      for (let i = 0; i < batches; ++i) {
        // float32(p / 255), as the engine divides
        const x = Float32Array.from(data.pixels.slice(i * n, (i + 1) * n), (p) => p / 255);
        list.push({ x: tf.tensor2d(x, [B, 784]), eps: tensorOf(data.eps[i]) });
      }
      const opt = tf.train.adam(data.lr, 0.9, 0.999, 1e-8);
      let done = 0;
      const terms = ({ x, eps }) => {
        const h = mlpForward(enc, tf.relu, x);                                    // (B,2k)
        const mu = tf.slice(h, [0, 0], [B, k]), logvar = tf.slice(h, [0, k], [B, k]);
        const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
        const recon = tf.mul(tf.losses.sigmoidCrossEntropy(x, mlpForward(dec, tf.relu, z)), 784);
        const klSum = tf.sum(tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), logvar), 1));
        return { recon, kl: tf.mul(klSum, 0.5 / B) };
      };
      return {
        optimizers: [opt],
        lossNames: ['loss', 'recon', 'kl'],
        // One step; with readBack, returns the loss, recon and kl (tensors) before the update.
        step: (readBack) => {
          const batch = list[done % list.length];
          done += 1;
          let parts = null;
          const loss = opt.minimize(() => {
            const { recon, kl } = terms(batch);
            if (readBack) parts = [tf.keep(recon), tf.keep(kl)];
            return tf.add(recon, tf.mul(kl, beta));
          }, readBack);
          return readBack ? [loss, ...parts] : null;
        },
      };
    },
  };

  // Trains `steps` steps; returns {loss} of the last one (read back, so the GPU queue is drained),
  // and for a model of several losses {loss: the first, losses: {name: value}}.
  function train(model, steps) {
    if (model.step) {
      for (let i = 0; i + 1 < steps; ++i) model.step(false);
      const Ls = model.step(true);
      const values = Ls.map((L) => L.dataSync()[0]);
      tf.dispose(Ls);
      const losses = Object.fromEntries(model.lossNames.map((name, i) => [name, values[i]]));
      return { loss: values[0], losses };
    }
    for (let i = 0; i + 1 < steps; ++i) model.optimizer.minimize(model.loss, false);
    const L = model.optimizer.minimize(model.loss, true);
    const loss = L.dataSync()[0];
    L.dispose();
    return { loss };
  }

  // Builds a model; dispose() frees its variables and optimiser state (one model at a time).
  function build(name, weights, data) {
    const model = builders[name](weights, data);
    model.dispose = () => {
      for (const optimizer of model.optimizers || [model.optimizer]) optimizer.dispose();
      tf.disposeVariables();
    };
    return model;
  }

  window.tfjsWorkloads = { build, train };
})();
