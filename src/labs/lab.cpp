// Lab defaults, the registry table, and the preset readers every configure() uses.
#include "labs/lab.h"

#include "ui/strings.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <sstream>

static double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

void Lab::train(double budget_ms) {
  const double start = now_s();
  // At a set speed, each call may take the steps that the time since the last call allows
  // (a long pause, e.g. a hidden tab, does not turn into a burst).
  double allowed = 1e18;
  if (speed > 0) {
    double dt = last_train_s_ < 0 ? 1.0 / 60.0 : std::min(start - last_train_s_, 0.1);
    step_credit_ += speed * dt;
    allowed = std::floor(step_credit_);
  }
  last_train_s_ = start;
  long done = 0;
  // Check the clock every few steps only: a tiny network's step is faster than reading the clock.
  // A large network's step is not: after a slow first step, check after every step.
  bool slow = false;
  while (running && done < allowed) {
    step();
    ++done;
    if (done == 1) slow = (now_s() - start) * 1000.0 > budget_ms / 16;
    if ((slow || (done & 7) == 0) && (now_s() - start) * 1000.0 >= budget_ms) break;
  }
  step_credit_ = speed > 0 ? std::min(step_credit_ - double(done), 1.0) : 0.0;
}

void Lab::apply(const json& preset) {
  if (!preset.is_object())
    throw LabError(std::string("preset must be a JSON object, got ") + preset.type_name());
  json rest = preset;
  std::vector<std::string> n;
  double s = read_number(preset, "speed", speed, 0, 1e7, n);
  rest.erase("speed");
  configure(rest);  // throws before anything changed
  if (preset.contains("speed")) speed = s;  // else as configure() left it (a slow-motion mode sets it)
  notes.insert(notes.end(), n.begin(), n.end());
}

json Lab::full_preset() const {
  json p = preset();
  p["speed"] = speed;
  return p;
}

static std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

bool Lab::check_finite(const std::vector<std::pair<std::string, double>>& values) {
  for (const auto& [name, v] : values)
    if (!std::isfinite(v)) {
      running = false;
      char buf[512];
      std::snprintf(buf, sizeof buf, ui::tr("lab.diverged"), steps, name.c_str(), fmt(v).c_str());
      alert = buf;
      return false;
    }
  return true;
}

// Registry ------------------------------------------------------------------------------------
// Construct on first use: registrations run during static initialisation, in link order.
static std::vector<LabInfo>& registry() {
  static std::vector<LabInfo> labs;
  return labs;
}

bool register_lab(LabInfo info) {
  ui::add_texts(info.texts);
  auto& labs = registry();
  auto at = std::lower_bound(labs.begin(), labs.end(), info.name,
                             [](const LabInfo& l, const std::string& n) { return l.name < n; });
  labs.insert(at, std::move(info));
  return true;
}

const std::vector<LabInfo>& all_labs() { return registry(); }

const LabInfo* find_lab(const std::string& name) {
  for (const auto& l : all_labs())
    if (l.name == name) return &l;
  return nullptr;
}

std::unique_ptr<Lab> make_lab(const std::string& name) {
  const LabInfo* l = find_lab(name);
  return l ? l->make() : nullptr;
}

std::string lab_names() {
  std::string s;
  for (const auto& l : all_labs()) s += (s.empty() ? "" : ", ") + l.name;
  return s;
}

// {"en": ..., "zh": ...} for one of the words.
static json both(const std::string& key) {
  json j = json::object();
  for (const char* lang : {"en", "zh"}) j[lang] = ui::tr_in(lang, key.c_str());
  return j;
}

json labs_for_shell() {
  json out = json::array();
  for (const auto& l : all_labs()) {
    json keys = json::object();
    auto add_keys = [&](const std::vector<ui::Text>& texts, const std::string& prefix) {
      for (const auto& t : texts) {
        const std::string k = t.key;
        if (k.rfind(prefix, 0) == 0) keys[k.substr(prefix.size())] = both(k);
      }
    };
    add_keys(ui::all_texts(), "key.");  // the host's words for keys every lab shares...
    add_keys(l.texts, l.name + ".key.");  // ...then the lab's own, which may reword them
    json j = {{"name", l.name}, {"title", both(l.title)}, {"keys", keys}, {"headline", l.headline}};
    if (l.data)
      j["data"] = {{"field", l.data->field},       {"preset", l.data->preset},
                   {"label", both(l.data->label)}, {"example", l.data->example},
                   {"summary", both(l.data->summary)}};
    out.push_back(j);
  }
  return out;
}

// Preset readers --------------------------------------------------------------------------------
static const char* type_name(const json& v) { return v.type_name(); }

void check_fields(const json& preset, const std::vector<std::string>& known) {
  if (!preset.is_object())
    throw LabError(std::string("preset must be a JSON object, got ") + type_name(preset));
  for (const auto& item : preset.items()) {
    bool ok = false;
    for (const auto& k : known) ok = ok || k == item.key();
    if (!ok) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw LabError("unknown field \"" + item.key() + "\" (known: " + list + ")");
    }
  }
}

double read_number(const json& preset, const char* key, double current, double lo, double hi,
                   std::vector<std::string>& notes) {
  if (!preset.contains(key)) return current;
  const json& v = preset[key];
  if (!v.is_number())
    throw LabError(std::string(key) + ": expected a number, got " + type_name(v) + " " + v.dump());
  double x = v.get<double>();
  if (!std::isfinite(x)) throw LabError(std::string(key) + ": not a finite number");
  if (x < lo || x > hi) {
    double c = x < lo ? lo : hi;
    char buf[256];
    std::snprintf(buf, sizeof buf, ui::tr("lab.clamped"), key, fmt(x).c_str(), fmt(lo).c_str(),
                  fmt(hi).c_str(), fmt(c).c_str());
    notes.push_back(buf);
    x = c;
  }
  return x;
}

long read_int(const json& preset, const char* key, long current, long lo, long hi,
              std::vector<std::string>& notes) {
  if (!preset.contains(key)) return current;
  const json& v = preset[key];
  if (!v.is_number() || (v.is_number_float() && v.get<double>() != std::floor(v.get<double>())))
    throw LabError(std::string(key) + ": expected a whole number, got " + v.dump());
  double x = v.get<double>();
  return long(read_number(json{{key, x}}, key, double(current), double(lo), double(hi), notes));
}

std::string read_choice(const json& preset, const char* key, const std::string& current,
                        const std::vector<std::string>& choices) {
  if (!preset.contains(key)) return current;
  const json& v = preset[key];
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  if (!v.is_string())
    throw LabError(std::string(key) + ": expected one of " + list + ", got " + v.dump());
  for (const auto& c : choices)
    if (c == v.get<std::string>()) return c;
  throw LabError(std::string(key) + ": \"" + v.get<std::string>() + "\" is not one of " + list);
}

bool read_bool(const json& preset, const char* key, bool current) {
  if (!preset.contains(key)) return current;
  const json& v = preset[key];
  if (!v.is_boolean()) throw LabError(std::string(key) + ": expected true or false, got " + v.dump());
  return v.get<bool>();
}
