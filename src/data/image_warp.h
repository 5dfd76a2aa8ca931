// Operations on one 28 x 28 image (MNIST's size, values in [0,1]) for data augmentation: an affine
// warp about the image centre, and Gaussian pixel noise.
// Coordinates are pixel indices: pixel (x, y) is column x, row y (x right, y down), and its centre
// is the point (x, y); the image centre is (13.5, 13.5).
#pragma once
#include "engine/rng.h"

namespace data {

constexpr int kSide = 28;  // MNIST images are 28 x 28

// The image sampled at the point (x, y) by bilinear interpolation; pixels outside the image are 0.
float bilinear(const float* img, float x, float y);

// Affine warp of a kSide x kSide image (values in [0,1]) about its centre: rotate by `degrees`,
// scale by `scale` (1 = same size), then shift by (dx, dy) pixels (x right, y down); bilinear,
// outside = 0. Writes kSide*kSide floats to out (out != in).
// Positive degrees turn the image counter-clockwise as seen on screen (y down): a pixel above the
// centre moves to the left of it. `scale` must be > 0 (std::invalid_argument otherwise).
void warp(const float* in, float* out, float dx, float dy, float degrees, float scale);

// Adds Gaussian noise of standard deviation sigma, clamped to [0,1]. Sigma <= 0 changes nothing
// and draws nothing from rng.
void add_noise(float* img, float sigma, eng::Rng& rng);

}  // namespace data
