// The window front ends (browser and desktop) share this: an SDL2 window with an OpenGL (WebGL2
// in the browser) context, Dear ImGui, and the per-frame loop "train for a budget, then draw".
#pragma once

struct GuiOptions {
  const char* title = "AI course";
  int width = 1280, height = 800;
  bool lab_picker = false;  // desktop: a menu to switch labs (the browser's shell does that)
  int max_frames = 0;       // desktop, for tests: close after this many frames (0: never)
  const char* screenshot = nullptr;  // desktop, for tests: write the last frame here (binary PPM)
};

// Creates the window and runs the frame loop. In the browser it returns at once and the loop
// continues on requestAnimationFrame; on the desktop it returns when the window closes.
int gui_run(const GuiOptions& options);

// Presenter mode: everything in the lab drawn `scale` times larger (clamped to 0.5 .. 3), from the
// next frame on.
void gui_set_scale(float scale);
