// A convolutional network built from a list of layers: chapter 3's lab and its comparisons.
//
// Legend: B batch; an image x is (B,1,28,28); a feature map a is (B,C,H,W); after the first dense
// layer the activations are flat, (B,D). Every conv and dense layer is followed by ReLU.
//   conv    a' = relu(conv(a, W) + b)        W (K,C,R,R), b (K);  H' = (H + 2 pad - R) / stride + 1
//   pool    a' = maxpool or avgpool(a)       windows size x size, stride = size
//   dense   a' = relu(flatten(a) W + b)      W (D,U), b (U)
//   dropout a' = a * mask / (1 - p)          training only
//   res     a' = relu(a + conv2(relu(conv1(a))))   both convs C -> C, R x R, same padding; the
//           skip "+ a" can be switched off (the plain network of the same depth, from the same
//           random numbers)
//   logits  z = flatten(a) W_out + b_out     (B, classes), the classifier every network ends with
#pragma once
#include <string>
#include <vector>

#include "engine/engine.h"
#include "models/linear.h"

namespace models {

enum class LayerKind { conv, pool, dense, dropout, res };

struct LayerSpec {
  LayerKind kind = LayerKind::conv;
  int filters = 8, kernel = 5, stride = 1, pad = 2;  // conv (res uses kernel)
  int size = 2;                                      // pool window
  bool avg = false;                                  // pool kind
  int units = 64;                                    // dense
  float p = 0.25f;                                   // dropout
};

// The shape after a layer: C x H x W, or D values (flat) once a dense layer has been passed.
struct MapShape {
  int c = 1, h = 28, w = 28;
  bool flat = false;
  int size() const { return c * h * w; }
  std::string str() const;  // "8x14x14" or "64"
};

// The shapes after each layer, from the input 1 x 28 x 28. An empty string when they fit; else a
// message naming the layer (1-based) and both shapes, e.g. "layer 3 (conv 5x5): input 16x3x3 is
// smaller than the filter".
std::string layer_shapes(const std::vector<LayerSpec>& specs, std::vector<MapShape>& out);

struct ConvLayer {
  LayerSpec spec;
  MapShape in, out;
  eng::Param W, b, W2, b2;  // conv / dense: W, b; res: W, b (first conv), W2, b2 (second)
};

struct ConvNet {
  std::vector<ConvLayer> layers;
  Linear head;  // (size of the last shape, classes)
  int classes = 10;
  bool skips = true;  // res blocks add their input (false: the plain network)
  ConvNet() = default;
  // Throws std::invalid_argument with layer_shapes' message when the shapes do not fit. Weights
  // are He-normal; with skips, each residual block's second conv starts at a tenth of that, so the
  // block starts close to the identity (as ResNets do by zeroing their last batch-norm scale).
  ConvNet(const std::vector<LayerSpec>& specs, int classes, eng::Rng& rng, bool skips = true);
  eng::ParamList params();       // every layer's, then the head's
  eng::ParamList base_params();  // the convolutional base: every layer before the first dense
  eng::ParamList top_params();   // the rest: dense layers and the head
};

// Forward pass on x (B,1,28,28) -> logits (B, classes). `rng` is used by dropout when training
// (null: dropout is off, as at test time). If `acts` is given, it receives each layer's output.
eng::Var convnet_forward(eng::Tape& t, ConvNet& m, eng::Var x, eng::Rng* rng,
                         std::vector<eng::Var>* acts = nullptr);

// A new head for `classes` outputs (He init), as transfer learning does on top of a frozen base;
// the dense layers after the base are re-initialised too.
void new_top(ConvNet& m, int classes, eng::Rng& rng);

// The default network of the lab (and of the bench, src/models/cnn.h):
// conv 8 5x5 pad 2, pool 2, conv 16 5x5 pad 2, pool 2, then the classifier.
std::vector<LayerSpec> default_layers();

}  // namespace models
