#include "ui/glyphs.h"

#include <algorithm>

namespace ui {

namespace {
std::vector<std::string>& files() {
  static std::vector<std::string> list;
  return list;
}
}  // namespace

void want_glyphs(const std::string& font_file) {
  if (std::find(files().begin(), files().end(), font_file) == files().end()) files().push_back(font_file);
}

const std::vector<std::string>& wanted_glyphs() { return files(); }

}  // namespace ui
