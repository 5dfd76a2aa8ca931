#include "ui/compute_switch.h"

#include <imgui.h>

#include <cstdio>

#include "gpu/gpu.h"
#include "ui/plot.h"
#include "ui/strings.h"

namespace ui {

std::string compute_switch(const Compute& c) {
  std::string chosen;
  ImGui::TextUnformatted(tr("compute.label"));
  ImGui::SameLine();
  if (ImGui::RadioButton(tr("compute.cpu"), c.pref == "cpu")) chosen = "cpu";
  ImGui::SameLine();
  if (ImGui::RadioButton(tr("compute.gpu"), c.pref == "webgpu")) chosen = "webgpu";
  char where[512];
  if (c.on_gpu) {
    const std::string name = gpu::adapter_name() + (gpu::software() ? tr("compute.software") : "");
    std::snprintf(where, sizeof where, tr("compute.on_gpu"), name.c_str());
  } else {
    std::snprintf(where, sizeof where, "%s", tr("compute.on_cpu"));
  }
  // beside the switch where it fits on one line (a wide panel), else below it (a phone)
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + 16 * u() + ImGui::CalcTextSize(where).x < right)
    ImGui::SameLine(0, 16 * u());
  ImGui::TextWrapped("%s", where);
  if (c.lag_step >= 0) {
    char lag[512];
    std::snprintf(lag, sizeof lag, c.lag, c.lag_step);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", lag);
    ImGui::PopStyleColor();
  }
  if (!c.note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(160, 70, 20, 255));
    ImGui::TextWrapped("%s", c.note.c_str());
    ImGui::PopStyleColor();
  }
  return chosen;
}

nlohmann::json compute_status(bool on_gpu, const std::string& note) {
  return {{"on", on_gpu ? "webgpu" : "cpu"}, {"adapter", on_gpu ? gpu::adapter_name() : ""}, {"note", note}};
}

std::string gpu_wait_note() {
  gpu::request();
  const std::string why = gpu::unavailable_reason();
  if (why.empty()) return tr("compute.opening");
  char out[640];
  std::snprintf(out, sizeof out, tr("compute.none"), why.c_str());
  return out;
}

}  // namespace ui
