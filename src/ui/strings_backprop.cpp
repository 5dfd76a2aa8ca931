// The backprop lab's words (src/labs/backprop_lab.cpp), in English and Chinese, side by side.
#include "ui/strings.h"

namespace ui {

const std::vector<Text>& backprop_texts() {
  static const std::vector<Text> texts = {
  };
  return texts;
}

}  // namespace ui
