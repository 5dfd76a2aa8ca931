// The benchmark workloads written with TensorFlow.js core ops, built from OUR initial weights and
// data (the JSON the engine's bench_setup returns), so both sides compute the same thing:
//   same shapes and batch, same loss, same optimiser and hyperparameters (Adam's epsilon set to the
//   engine's 1e-8; TF.js's default is 1e-7), same number of steps.
// Layout differences are handled when the weights are loaded, never inside the timed loop:
//   - TF.js convolutions are NHWC with filters (R,S,C,K); the engine's are NCHW with (K,C,R,S).
//   - The CNN's dense layer reads the engine's flatten order (c,h,w); TF.js flattens (h,w,c), so the
//     rows of its weight matrix are permuted once.
//   - The LSTM's embedding lookup is a one-hot matmul (oneHot(ids_t) E): TF.js's gather gradient
//     needs UnsortedSegmentSum, which the wasm backend lacks; the product is the same numbers.
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
      const w1 = variableOf(filter(weights.w1), 'w1'), b1 = variableOf(weights.b1, 'b1');
      const w2 = variableOf(filter(weights.w2), 'w2'), b2 = variableOf(weights.b2, 'b2');
      const W = variableOf(fcRows(weights.W_fc), 'W_fc'), b = variableOf(weights.b_fc, 'b_fc');
      const [B, C, H, Wd] = data.X.shape; // C = 1: NCHW and NHWC hold the same values
      const X = tf.tensor4d(data.X.values, [B, H, Wd, C]);
      const Y = tf.oneHot(tf.tensor1d(data.y, 'int32'), 10).toFloat();
      const forward = () => {
        const a1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(X, w1, 1, 'same'), b1)), 2, 2, 'valid');
        const a2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(a1, w2, 1, 'same'), b2)), 2, 2, 'valid');
        return tf.add(tf.matMul(tf.reshape(a2, [B, 7 * 7 * 16]), W), b);
      };
      return {
        optimizer: tf.train.adam(1e-3, 0.9, 0.999, 1e-8),
        loss: () => tf.losses.softmaxCrossEntropy(Y, forward()),
      };
    },
    // char LSTM (models/char_lstm.cpp, models/lstm.cpp): V 65, E 32, H 128, T 32, batch 16, Adam lr 2e-3
    lstm(weights, data) {
      const { B, T, V, H } = data;
      const E = variableOf(weights.E, 'E');
      const Wx = variableOf(weights.W_x, 'W_x'), Wh = variableOf(weights.W_h, 'W_h');
      const bz = variableOf(weights.b, 'b');
      const Wy = variableOf(weights.W_y, 'W_y'), by = variableOf(weights.b_y, 'b_y');
      const column = (t) => Array.from({ length: B }, (_, b) => data.ids[b * (T + 1) + t]);
      const inputs = [], targets = [];
      for (let t = 0; t < T; ++t) {
        inputs.push(tf.oneHot(tf.tensor1d(column(t), 'int32'), V).toFloat());   // (B,V)
        targets.push(...column(t + 1));                                          // row t*B + b
      }
      const Y = tf.oneHot(tf.tensor1d(targets, 'int32'), V).toFloat();           // (T*B,V)
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
  };

  // Trains `steps` steps; returns the loss of the last one (read back, so the GPU queue is drained).
  function train(model, steps) {
    for (let i = 0; i + 1 < steps; ++i) model.optimizer.minimize(model.loss, false);
    const L = model.optimizer.minimize(model.loss, true);
    const loss = L.dataSync()[0];
    L.dispose();
    return loss;
  }

  // Builds a model; dispose() frees its variables and optimiser state (one model at a time).
  function build(name, weights, data) {
    const model = builders[name](weights, data);
    model.dispose = () => {
      model.optimizer.dispose();
      tf.disposeVariables();
    };
    return model;
  }

  window.tfjsWorkloads = { build, train };
})();
