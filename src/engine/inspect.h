// The tape as JSON, for labs that draw backprop node by node (and for the browser bridge):
//   [{"id": 3, "op": "tanh", "inputs": [2], "shape": [10, 8], "param": "",
//     "value": [... first max_values ...], "grad": [...] or null}, ...]
// Values are truncated to max_values per node so a frame's state stays small.
#pragma once
#include <nlohmann/json.hpp>

#include "engine/tape.h"

namespace eng {

nlohmann::json tape_to_json(const Tape& t, int max_values = 16);

}  // namespace eng
