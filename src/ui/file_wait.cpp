#include "ui/file_wait.h"

#include "data/utf8.h"
#include "ui/plot.h"

namespace ui {

void file_wait(data::FileWait& wait, const char* loading, const char* failed, const char* retry) {
  if (wait.file.empty()) {
    ImGui::TextWrapped("%s", loading);
    return;
  }
  ImGui::Text(failed, wait.file.c_str());
  ImGui::PushStyleColor(ImGuiCol_Text, kVermillion);
  ImGui::TextWrapped("%s", data::utf8_clean(wait.error).c_str());
  ImGui::PopStyleColor();
  if (ImGui::Button(retry)) {
    data::retry_file(wait.file);
    wait = {};
  }
}

}  // namespace ui
