// Dear ImGui frames with no backend and no GPU: the labs' drawing code runs as in the browser, and
// the vertices it builds are dropped. For fuzzing draw() (fuzz_configure.cpp).
#pragma once
#include <cfloat>
#include <functional>

#include "imgui.h"

struct HeadlessFrame {
  ImVec2 display{960, 720};             // the lab canvas, in pixels
  ImVec2 mouse{-FLT_MAX, -FLT_MAX};     // where the mouse is from the second frame on (off screen)
  bool mouse_down = false;              // the left button is down in the last frame (a click)
  int frames = 1;                       // a hover or click needs 2: ImGui finds windows a frame late
};

// Draws `content` `f.frames` times inside a full-screen window like the host's (src/app/gui.cpp),
// in a fresh context, so no frame depends on an earlier input's. The contexts share one font
// atlas (ImGui's own font at the course's 15 px), built once. As the browser's WebGL2 backend, it
// does not set ImGuiBackendFlags_RendererHasVtxOffset: a draw list of more than 65,536 vertices
// fails ImGui's assert (asserts are on in the fuzz build), where WebGL2 would draw wrong triangles.
void headless_frame(const std::function<void()>& content, const HeadlessFrame& f);
