// Small images drawn as textures. The labs draw a few hundred grey images a frame (digits, feature
// maps); drawn as one rectangle per pixel, they cost a software GPU (headless Chromium's
// SwiftShader) most of the frame. A front end with a renderer (src/app/gui.cpp) gives the atlas a
// texture; the images of a frame are packed into its pixels, which the front end uploads once
// before it renders. Without a texture (the CLI, the tests), or once the frame's atlas is full,
// atlas_image() returns null and the caller draws rectangles, which look the same.
#pragma once
#include <cstdint>

#include "imgui.h"

namespace ui {

// The front end's side: the texture (RGBA, w x h) once; a new frame before drawing; before
// rendering, the pixels to upload (rows 0..rows-1 of a w-wide RGBA image).
void atlas_attach(ImTextureID texture, int w, int h);
void atlas_new_frame();
struct AtlasRows {
  const uint32_t* pixels = nullptr;
  int w = 0, rows = 0;
};
AtlasRows atlas_rows();

// Room for a w x h image, drawn this frame over the rectangle [p0, p1] of the current window. The
// caller writes its pixels (IM_COL32 colours) at the result, rows `stride` values apart. Null
// without a texture or when the frame's atlas is full.
uint32_t* atlas_image(int w, int h, ImVec2 p0, ImVec2 p1, int& stride);

}  // namespace ui
