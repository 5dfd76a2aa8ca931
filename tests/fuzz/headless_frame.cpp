// Dear ImGui frames with no backend and no GPU (see headless_frame.h).
#include "headless_frame.h"

#include "ui/plot.h"

static ImFontAtlas& shared_atlas() {
  static ImFontAtlas atlas;
  if (!atlas.IsBuilt()) {
    ImFontConfig cfg;
    cfg.SizePixels = 15.0f;  // the size the course's UI font has: ui::u() is 1
    atlas.AddFontDefault(&cfg);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas, as a backend would
  }
  return atlas;
}

void headless_frame(const std::function<void()>& content, const HeadlessFrame& f) {
  ImGuiContext* ctx = ImGui::CreateContext(&shared_atlas());
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  io.DisplaySize = f.display;
  io.DeltaTime = 1.0f / 60.0f;
  ui::apply_theme();
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  for (int i = 0; i < f.frames; ++i) {
    const bool last = i == f.frames - 1;
    io.MousePos = i > 0 ? f.mouse : ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = i > 0 && last && f.mouse_down;
    ImGui::NewFrame();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("lab", nullptr, flags);
    ImGui::BeginChild("content");
    content();
    ImGui::EndChild();
    ImGui::End();
    ImGui::Render();
  }
  ImGui::DestroyContext(ctx);
}
