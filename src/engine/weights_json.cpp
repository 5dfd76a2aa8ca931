#include "engine/weights_json.h"

#include <cmath>
#include <limits>

namespace eng {

using nlohmann::json;

json weights_to_json(const ParamList& ps) {
  json j = json::object();
  for (const Param* p : ps) j[p->name] = {{"shape", p->value.shape.dims()}, {"values", p->value.v}};
  return j;
}

static std::string dims_str(const std::vector<int>& d) {
  std::string s = "[";
  for (size_t i = 0; i < d.size(); ++i) s += (i ? "," : "") + std::to_string(d[i]);
  return s + "]";
}

[[noreturn]] static void fail(const std::string& name, const std::string& msg) {
  throw WeightsError("weights: \"" + name + "\": " + msg);
}

void weights_from_json(const json& j, const ParamList& ps) {
  if (!j.is_object()) throw WeightsError("weights: expected a JSON object of named parameters");
  // Check everything first, then copy: a bad file must not leave the model half loaded.
  for (const Param* p : ps) {
    const std::string& name = p->name;
    if (!j.contains(name)) fail(name, "missing");
    const json& e = j[name];
    if (!e.is_object() || !e.contains("shape") || !e.contains("values"))
      fail(name, "needs \"shape\" and \"values\"");
    const json &js = e["shape"], &jv = e["values"];
    if (!js.is_array()) fail(name, "\"shape\" must be an array of sizes");
    std::vector<int> shape;
    for (const json& d : js) {
      if (!d.is_number_integer()) fail(name, "\"shape\" must be an array of sizes");
      shape.push_back(d.get<int>());
    }
    if (shape != p->value.shape.dims())
      fail(name, "shape " + dims_str(shape) + ", expected " + dims_str(p->value.shape.dims()));
    if (!jv.is_array() || int(jv.size()) != p->value.size())
      fail(name, "expected " + std::to_string(p->value.size()) + " values, got " +
                     (jv.is_array() ? std::to_string(jv.size()) : std::string("no array")));
    for (size_t i = 0; i < jv.size(); ++i) {
      if (!jv[i].is_number() || !std::isfinite(jv[i].get<double>()))
        fail(name, "value " + std::to_string(i) + " is not a finite number");
      // finite as a double but not as the float it is stored in (it would become inf)
      if (std::fabs(jv[i].get<double>()) > double(std::numeric_limits<float>::max()))
        fail(name, "value " + std::to_string(i) + " is too large for a 32-bit float (|x| > 3.4e38)");
    }
  }
  for (const auto& item : j.items()) {
    bool known = false;
    for (const Param* p : ps) known = known || p->name == item.key();
    if (!known) fail(item.key(), "not a parameter of this model");
  }
  for (Param* p : ps) {
    const json& jv = j[p->name]["values"];
    for (size_t i = 0; i < jv.size(); ++i) p->value.v[i] = jv[i].get<float>();
  }
}

void weights_from_string(const std::string& text, const ParamList& ps) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw WeightsError(std::string("weights: not valid JSON: ") + e.what());
  }
  weights_from_json(j, ps);
}

}  // namespace eng
