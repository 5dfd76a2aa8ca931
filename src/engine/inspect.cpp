#include "engine/inspect.h"

#include <algorithm>

namespace eng {

nlohmann::json tape_to_json(const Tape& t, int max_values) {
  nlohmann::json nodes = nlohmann::json::array();
  for (int id = 0; id < t.size(); ++id) {
    const Node& n = t.node(id);
    int shown = std::min(n.size(), max_values);
    const float *v = n.value(), *g = n.grad();
    bool has_grad = g && (n.param || id <= t.backward_from);  // else the buffer holds an older step
    nodes.push_back(
        {{"id", id},
         {"op", n.op},
         {"inputs", n.in},
         {"shape", n.shape.dims()},
         {"param", n.param ? n.param->name : ""},
         {"value", std::vector<float>(v, v + shown)},
         {"grad", has_grad ? nlohmann::json(std::vector<float>(g, g + shown)) : nlohmann::json()}});
  }
  return nodes;
}

}  // namespace eng
