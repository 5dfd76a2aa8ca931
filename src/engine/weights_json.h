// Model weights to and from JSON:  {"W1": {"shape": [2, 8], "values": [...]}, "b1": {...}, ...}
// Loading checks every name and shape before changing anything, so a bad file leaves the model
// as it was; errors (WeightsError) name the parameter, e.g.  weights: "W1": shape [3,8], expected [2,8]
#pragma once
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/tape.h"

namespace eng {

struct WeightsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nlohmann::json weights_to_json(const ParamList& ps);
void weights_from_json(const nlohmann::json& j, const ParamList& ps);  // throws WeightsError
void weights_from_string(const std::string& text, const ParamList& ps);  // parse errors too

}  // namespace eng
