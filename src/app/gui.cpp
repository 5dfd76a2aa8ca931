// SDL2 + OpenGL3/WebGL2 + Dear ImGui, shared by web_main.cpp and desktop_main.cpp, in the shape
// of Dear ImGui's own SDL2/OpenGL3 example: one frame() function, called by requestAnimationFrame
// in the browser and by a while loop on the desktop.
#include "app/gui.h"

#include <SDL.h>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "data/files.h"
#include "labs/host.h"
#include "kernels/pool.h"
#include "labs/trainer.h"
#include "ui/glyphs.h"
#include "ui/image_atlas.h"
#include "ui/plot.h"
#include "ui/strings.h"

using ui::tr;

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#else
#include <SDL_opengl.h>
#include <vector>
#endif

// The UI fonts, subset at build time (src/ui/make_font.py): Latin + maths, and the CJK characters
// of the string table.
extern const unsigned char ui_font_ttf[];
extern const unsigned int ui_font_ttf_size;
extern const unsigned char ui_font_cjk_ttf[];
extern const unsigned int ui_font_cjk_ttf_size;

namespace {

SDL_Window* window = nullptr;
SDL_GLContext gl_context = nullptr;
GuiOptions opts;
bool done = false;

float dpr = 1.0f;          // device pixels per CSS pixel
float ui_scale = 1.0f;     // presenter mode draws everything larger
float wanted_scale = 1.0f;
std::vector<const std::string*> merged_glyphs;  // glyph files in the atlas (src/ui/glyphs.h)
size_t merged_count = 0;                        // how many of ui::wanted_glyphs() were handled

void load_font(float dpr, float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x0370, 0x03FF, 0x2000, 0x206F, 0x2070, 0x209F,
                                   0x2190, 0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0x2758, 0x275A, 0};
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // static data
  // Rasterise at device pixels, draw at CSS pixels: crisp text on high-DPI screens.
  io.Fonts->AddFontFromMemoryTTF((void*)ui_font_ttf, int(ui_font_ttf_size), 15.0f * scale * dpr, &cfg,
                                 ranges);
  // Chinese merged into the same font, for exactly the characters the string table uses.
  static ImVector<ImWchar> cjk_ranges;
  if (cjk_ranges.empty()) {
    ImFontGlyphRangesBuilder b;
    for (const auto& t : ui::all_texts()) b.AddText(t.zh);
    b.BuildRanges(&cjk_ranges);
  }
  ImFontConfig merge;
  merge.MergeMode = true;
  merge.FontDataOwnedByAtlas = false;
  io.Fonts->AddFontFromMemoryTTF((void*)ui_font_cjk_ttf, int(ui_font_cjk_ttf_size), 15.0f * scale * dpr,
                                 &merge, cjk_ranges.Data);
  // Glyph files a lab asked for (src/ui/glyphs.h), once they have arrived: the atlas keeps only
  // the characters each file has, whatever the ranges say.
  for (const std::string* bytes : merged_glyphs)
    io.Fonts->AddFontFromMemoryTTF((void*)bytes->data(), int(bytes->size()), 15.0f * scale * dpr, &merge,
                                   io.Fonts->GetGlyphRangesChineseFull());
  io.FontGlobalScale = 1.0f / dpr;
}

void rebuild_fonts() {
  load_font(dpr, ui_scale);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// Between frames: merge the glyph files that have arrived since the last frame.
void merge_new_glyphs() {
  const auto& wanted = ui::wanted_glyphs();
  if (merged_count >= wanted.size()) return;
  bool added = false;
  for (size_t i = merged_count; i < wanted.size(); ++i) {
    // In order: wait for this one. One that failed waits too: the shell offers a retry, and until
    // it works those characters are drawn as '?'.
    const data::FileAnswer a = data::request_file(wanted[i]);
    if (a.status != data::FileStatus::ready) break;
    merged_glyphs.push_back(a.bytes);
    added = true;
    merged_count = i + 1;
  }
  if (added) rebuild_fonts();
}

// Between frames only: rebuild the font atlas at the new size (crisp, not a blurry zoom) and
// scale every style size with it.
void apply_ui_scale() {
  if (wanted_scale == ui_scale) return;
  ui_scale = wanted_scale;
  rebuild_fonts();
  ui::apply_theme(ui_scale);
}

// Where the lab trains: on a thread of its own (the threaded module, the desktop app) or between
// frames (a page that is not cross-origin isolated gets no threads). On the toolbar's line when it
// fits, else below it.
void draw_training_mode(const Lab& lab) {
  char text[160], help[768];
  const bool thread = trainer_running() && !lab.on_main_thread();
  std::snprintf(text, sizeof text, thread ? tr("host.mode_thread") : tr("host.mode_frame"),
                kern::pool_threads());
  std::snprintf(help, sizeof help, thread ? tr("host.mode_thread_help") : tr("host.mode_frame_help"),
                kern::pool_threads());
  const float need = 24 + ImGui::CalcTextSize(text).x + ImGui::GetFrameHeight() + 16 * ui::u();
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + need < right) ImGui::SameLine(0, 24);
  ImGui::TextDisabled("%s", text);
  ui::help_marker(help);
}

// The toolbar every lab shares, then the lab's own panels.
void draw_host(Host& h) {
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("lab", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (opts.lab_picker) {
    ImGui::SetNextItemWidth(220);
    if (ImGui::BeginCombo("##lab", h.lab_name.empty() ? tr("host.choose_lab") : h.lab_name.c_str())) {
      for (const auto& l : all_labs())
        if (ImGui::Selectable((l.name + "  " + tr(l.title.c_str())).c_str(), l.name == h.lab_name))
          host_open(h, l.name, json::object());
      ImGui::EndCombo();
    }
    ImGui::SameLine();
  }
  if (!h.lab) {
    ImGui::TextWrapped("%s", h.error.empty() ? tr("host.no_lab") : h.error.c_str());
    ImGui::End();
    return;
  }
  Lab& lab = *h.lab;
  if (ImGui::Button(lab.running ? tr("host.pause") : tr("host.train"), ImVec2(90 * ui::u(), 0)))
    host_command(h, "toggle");
  ImGui::SameLine();
  if (ImGui::Button(tr("host.step"))) host_command(h, "step");
  ImGui::SameLine();
  if (ImGui::Button(tr("host.reset"))) host_command(h, "reset");
  ImGui::SameLine();
  ImGui::Text(tr("host.step_n"), lab.steps);
  ImGui::SameLine(0, 24);
  // Speed: steps per second on a log slider; the top of the range means "as fast as possible".
  const float kMax = 100000.0f;
  float sp = lab.speed > 0 ? float(lab.speed) : kMax;
  ImGui::SetNextItemWidth(150);
  if (ImGui::SliderFloat("##speed", &sp, 1.0f, kMax,
                         sp >= kMax ? tr("host.max_speed") : tr("host.steps_per_s"),
                         ImGuiSliderFlags_Logarithmic))
    lab.speed = sp >= kMax ? 0.0 : double(sp);
  ui::help_marker(tr("host.speed_help"));
  draw_training_mode(lab);

  auto banner = [](ImU32 bg, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
    float h = ImGui::GetTextLineHeightWithSpacing() * 2.4f;
    ImGui::BeginChild(ImGui::GetID(text.c_str()), ImVec2(0, h), true);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::EndChild();
    ImGui::PopStyleColor();
  };
  if (!lab.alert.empty()) banner(IM_COL32(253, 226, 214, 255), lab.alert);
  if (!h.error.empty()) banner(IM_COL32(253, 226, 214, 255), h.error);
  char note[512];
  for (const auto& n : lab.notes) {
    std::snprintf(note, sizeof note, tr("host.adjusted"), n.c_str());
    banner(IM_COL32(255, 243, 205, 255), note);
  }

  ImGui::Separator();
  ImGui::BeginChild("content");
  lab.draw();
  ImGui::EndChild();
  ImGui::End();
}

// Keys while the lab has the keyboard and no text field is being edited: Space trains / pauses,
// Right arrow takes one step (held: repeats), R resets. Read from the events themselves: ImGui 1.86
// polls key state once a frame and misses a press and release that land in the same frame.
void shortcut(Host& h, const SDL_KeyboardEvent& k) {
  if (ImGui::GetIO().WantTextInput) return;
  switch (k.keysym.scancode) {
    case SDL_SCANCODE_SPACE: if (!k.repeat) host_command(h, "toggle"); break;
    case SDL_SCANCODE_RIGHT: host_command(h, "step"); break;
    case SDL_SCANCODE_R: if (!k.repeat) host_command(h, "reset"); break;
    default: break;
  }
}

// Touch: SDL turns one finger into mouse events (tap = click, drag = drag). Two fingers moving
// together scroll the panel under them, as on any touch screen.
void two_finger_scroll(const SDL_TouchFingerEvent& f) {
  int fingers = SDL_GetNumTouchFingers(f.touchId);
  if (fingers < 2) return;
  int w = 0, hgt = 0;
  SDL_GetWindowSize(window, &w, &hgt);
  // One wheel notch scrolls about five lines; each finger reports the motion, so share it out.
  ImGui::GetIO().MouseWheel += f.dy * float(hgt) / (5.0f * ImGui::GetTextLineHeight()) / float(fingers);
}

// Training time for this frame: as long as the rest of the last frames took (drawing, and waiting
// for the GPU or the display), but at least h.budget_ms and at most kMaxBudgetMs. On a machine
// that draws at 60 frames a second it stays at h.budget_ms; where drawing itself is slow (a
// software GPU, as in headless Chromium here), training is not starved by it: the main thread
// then spends about half of its time on each.
constexpr double kMaxBudgetMs = 40.0;

// The texture behind ui/image_atlas.h: the frame's small images, uploaded once before rendering.
// 1024 x 512 holds about 600 digits; nearest filtering keeps their pixels square, as drawn before.
constexpr int kAtlasW = 1024, kAtlasH = 512;
GLuint atlas_texture = 0;

void create_atlas() {
  glGenTextures(1, &atlas_texture);
  glBindTexture(GL_TEXTURE_2D, atlas_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, kAtlasW, kAtlasH, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  ui::atlas_attach(ImTextureID(intptr_t(atlas_texture)), kAtlasW, kAtlasH);
}

void upload_atlas() {
  const ui::AtlasRows r = ui::atlas_rows();
  if (r.rows <= 0) return;
  glBindTexture(GL_TEXTURE_2D, atlas_texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, r.w, r.rows, GL_RGBA, GL_UNSIGNED_BYTE, r.pixels);
}

double now_ms() {
  return double(SDL_GetPerformanceCounter()) * 1000.0 / double(SDL_GetPerformanceFrequency());
}

double frame_budget(const Host& h, double train_ms) {
  static double last_start = -1, rest_ms = 0;
  const double now = now_ms();
  if (last_start >= 0) rest_ms = 0.8 * rest_ms + 0.2 * std::max(0.0, now - last_start - train_ms);
  last_start = now;
  return std::min(kMaxBudgetMs, std::max(h.budget_ms, rest_ms));
}

// Everything a frame does with the host, under its lock: events (shortcuts change the lab), the
// training when there is no training thread, and the ImGui frame that draws the lab.
void build_frame(Host& h) {
  static double train_ms = 0;  // the last frame's
  SDL_Event e;
  while (SDL_PollEvent(&e)) {
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_QUIT) done = true;
    if (e.type == SDL_KEYDOWN && h.lab) shortcut(h, e.key);
    if (e.type == SDL_FINGERMOTION) two_finger_scroll(e.tfinger);
  }
  // no training thread, or a lab that trains on this thread (WebGPU): train here, then draw
  if (!trainer_running() || (h.lab && h.lab->on_main_thread())) {
    const double budget = frame_budget(h, train_ms);
    const double t0 = now_ms();
    if (h.lab && h.lab->running) h.lab->train(budget);
    train_ms = now_ms() - t0;
  }

  apply_ui_scale();
  merge_new_glyphs();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  ui::atlas_new_frame();
  draw_host(h);
  ImGui::Render();
}

// How long a frame waits for the training thread to let the host go: a slice (kTrainSliceMs),
// and a little. A longer step than that leaves the canvas as it was for this frame.
constexpr double kFrameWaitMs = 3.0;

void frame() {
  Host& h = host();
  {
    HostLock lock(kFrameWaitMs);
    if (!lock.held()) {
#ifndef __EMSCRIPTEN__
      SDL_Delay(1);  // the desktop's loop calls again at once: do not spin
#endif
      return;
    }
    build_frame(h);
  }
  upload_atlas();
  int fb_w = 0, fb_h = 0;
  SDL_GL_GetDrawableSize(window, &fb_w, &fb_h);
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(0.97f, 0.97f, 0.96f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(window);
  ++h.frames;
}

#ifndef __EMSCRIPTEN__
// The frame just drawn, as a binary PPM (tests look at its pixels). Reads the back buffer, which
// still holds the frame after the swap on the drivers we use (Mesa).
void write_screenshot(const char* path) {
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window, &w, &h);
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  FILE* f = std::fopen(path, "wb");
  if (!f) return;
  std::fprintf(f, "P6\n%d %d\n255\n", w, h);
  for (int y = h - 1; y >= 0; --y) std::fwrite(&px[size_t(y) * size_t(w) * 3], 1, size_t(w) * 3, f);
  std::fclose(f);
}
#endif

}  // namespace

void gui_set_scale(float scale) { wanted_scale = scale < 0.5f ? 0.5f : (scale > 3.0f ? 3.0f : scale); }

int gui_run(const GuiOptions& options) {
  opts = options;
#ifdef __EMSCRIPTEN__
  // Keys go to the canvas only, so typing in the page (search, exercises) is not swallowed.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
#endif
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    std::fprintf(stderr, "SDL_Init failed: %s\n", SDL_GetError());
    return 1;
  }
#ifdef __EMSCRIPTEN__
  const char* glsl = "#version 300 es";  // WebGL2
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
#else
  const char* glsl = "#version 150";
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, SDL_GL_CONTEXT_FORWARD_COMPATIBLE_FLAG);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
#endif
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  auto flags = SDL_WindowFlags(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  window = SDL_CreateWindow(opts.title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, opts.width,
                            opts.height, flags);
  if (!window) {
    std::fprintf(stderr, "SDL_CreateWindow failed: %s\n", SDL_GetError());
    return 1;
  }
  gl_context = SDL_GL_CreateContext(window);
  if (!gl_context) {
    std::fprintf(stderr, "no OpenGL context: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(window, gl_context);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini: the lesson and URL hold the state
  ui::apply_theme();
  ImGui_ImplSDL2_InitForOpenGL(window, gl_context);
  ImGui_ImplOpenGL3_Init(glsl);
  create_atlas();
  int win_w = 0, win_h = 0, fb_w = 0, fb_h = 0;
  SDL_GetWindowSize(window, &win_w, &win_h);
  SDL_GL_GetDrawableSize(window, &fb_w, &fb_h);
#ifdef __EMSCRIPTEN__
  // The page's ratio, even if the canvas starts hidden (a broken first lesson): fb/win would be 0/0.
  dpr = float(emscripten_get_device_pixel_ratio());
#else
  dpr = win_w > 0 && fb_w > win_w ? float(fb_w) / float(win_w) : 1.0f;
#endif
  load_font(dpr, ui_scale);

#ifdef __EMSCRIPTEN__
  emscripten_set_main_loop(frame, 0, false);  // requestAnimationFrame; main() returns
  return 0;
#else
  while (!done) {
    frame();
    if (opts.max_frames > 0 && host().frames >= opts.max_frames) {
      if (opts.screenshot) write_screenshot(opts.screenshot);
      done = true;
    }
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl_context);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
#endif
}
