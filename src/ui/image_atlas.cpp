#include "ui/image_atlas.h"

#include <algorithm>
#include <vector>

namespace ui {

namespace {

struct Atlas {
  ImTextureID texture = nullptr;
  int w = 0, h = 0;
  std::vector<uint32_t> pixels;
  int x = 0, y = 0, shelf = 0;  // the packing cursor: images fill shelves left to right
};

Atlas& atlas() {
  static Atlas a;
  return a;
}

}  // namespace

void atlas_attach(ImTextureID texture, int w, int h) {
  Atlas& a = atlas();
  a.texture = texture;
  a.w = w;
  a.h = h;
  a.pixels.assign(size_t(w) * size_t(h), 0);
  atlas_new_frame();
}

void atlas_new_frame() {
  Atlas& a = atlas();
  a.x = a.y = a.shelf = 0;
}

AtlasRows atlas_rows() {
  const Atlas& a = atlas();
  return {a.pixels.data(), a.w, std::min(a.h, a.y + a.shelf)};
}

uint32_t* atlas_image(int w, int h, ImVec2 p0, ImVec2 p1, int& stride) {
  Atlas& a = atlas();
  if (!a.texture || w <= 0 || h <= 0 || w > a.w) return nullptr;
  // One texel of gap around each image: a sample at its edge never picks up a neighbour's pixel.
  if (a.x + w + 1 > a.w) {
    a.x = 0;
    a.y += a.shelf;
    a.shelf = 0;
  }
  if (a.y + h + 1 > a.h) return nullptr;
  const int x = a.x, y = a.y;
  a.x += w + 1;
  a.shelf = std::max(a.shelf, h + 1);
  const float iw = 1.0f / float(a.w), ih = 1.0f / float(a.h);
  ImGui::GetWindowDrawList()->AddImage(a.texture, p0, p1, ImVec2(float(x) * iw, float(y) * ih),
                                       ImVec2(float(x + w) * iw, float(y + h) * ih));
  stride = a.w;
  return a.pixels.data() + size_t(y) * size_t(a.w) + size_t(x);
}

}  // namespace ui
