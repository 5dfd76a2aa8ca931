// Seeds and a dictionary for one lab's configure, from the lab and the lessons (see lab_seeds.h).
#include "lab_seeds.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "labs/host.h"
#include "lesson/lesson.h"

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxToken = 60;  // libFuzzer's dictionary entries are at most 64 bytes

struct Seed {
  std::string name;  // file name without .json
  json preset;
};

// The message of applying `preset` to a fresh lab: "" when accepted.
std::string refusal(const std::string& lab, const json& preset, std::vector<std::string>* notes = nullptr) {
  auto l = make_lab(lab);
  try {
    l->apply(preset);
  } catch (const std::exception& e) {
    return e.what();
  }
  if (notes) *notes = l->notes;
  return "";
}

// "a, b, c" after `marker` in `text`, up to `end` (or the end of the text).
std::vector<std::string> list_after(const std::string& text, const std::string& marker,
                                    const std::string& end) {
  std::vector<std::string> out;
  size_t at = text.find(marker);
  if (at == std::string::npos) return out;
  at += marker.size();
  const size_t stop = end.empty() ? std::string::npos : text.find(end, at);
  std::stringstream list(text.substr(at, stop == std::string::npos ? std::string::npos : stop - at));
  std::string item;
  while (std::getline(list, item, ',')) {
    const size_t a = item.find_first_not_of(' ');
    if (a != std::string::npos) out.push_back(item.substr(a));
  }
  return out;
}

// Every field the lab's configure() knows, plus "speed" (read by Lab::apply for every lab).
std::vector<std::string> field_names(const std::string& lab) {
  auto known = list_after(refusal(lab, {{"fuzz-probe-no-such-field", 0}}), "(known: ", ")");
  known.push_back("speed");
  return known;
}

// Words for the dictionary a lab's messages give about one field: its choices when it is a text,
// its bounds when it is a number.
void probe_field(const std::string& lab, const std::string& field, std::set<std::string>& words,
                 std::set<std::string>& tokens) {
  for (const json& v : {json("fuzz-probe"), json::array({"fuzz-probe"})})
    for (const auto& c : list_after(refusal(lab, {{field, v}}), "is not one of ", "")) words.insert(c);
  for (double x : {1e300, -1e300}) {
    std::vector<std::string> notes;
    if (!refusal(lab, {{field, x}}, &notes).empty()) continue;
    for (const auto& n : notes)
      for (const auto& bound : list_after(n, " is outside [", "]")) tokens.insert(bound);  // numbers
  }
}

// Object keys and strings anywhere in `j`.
void collect_words(const json& j, std::set<std::string>& words) {
  if (j.is_string()) words.insert(j.get<std::string>());
  if (j.is_object())
    for (const auto& item : j.items()) {
      words.insert(item.key());
      collect_words(item.value(), words);
    }
  if (j.is_array())
    for (const auto& e : j) collect_words(e, words);
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// The presets the course's lessons give `lab`: header presets, run blocks, exercise solutions.
std::vector<Seed> lesson_presets(const std::string& lab, const std::string& lessons) {
  std::vector<Seed> out;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& chapter : fs::directory_iterator(lessons, ec)) {
    if (!chapter.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(chapter.path(), ec)) {
      const std::string name = f.path().filename().string();
      if (name.rfind("lesson.", 0) == 0 && f.path().extension() == ".md") files.push_back(f.path());
    }
  }
  if (ec) std::fprintf(stderr, "lab seeds: cannot read %s: %s\n", lessons.c_str(), ec.message().c_str());
  std::sort(files.begin(), files.end());  // the same seed names on every machine
  for (const auto& f : files) {
    const lesson::Lesson l = lesson::parse(read_file(f));
    const std::string tag = "lesson-" + f.parent_path().filename().string() + "-" + f.stem().string() + "-";
    if (l.lab == lab && !l.preset.empty()) out.push_back({tag + "header", l.preset});
    for (const auto& r : l.runs)
      if (lesson::lab_of(l, r.section) == lab) out.push_back({tag + std::to_string(r.line), r.preset});
    for (const auto& e : l.exercises)
      if (!e.solution.is_null() && lesson::lab_of(l, e.section) == lab)
        out.push_back({tag + std::to_string(e.line), e.solution});
  }
  return out;
}

// A libFuzzer dictionary line: `token` quoted and escaped for the dictionary.
std::string dict_entry(const std::string& token) {
  std::string out = "\"";
  for (unsigned char c : token) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20 || c >= 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", unsigned(c));
      out += hex;
    } else {
      out += char(c);
    }
  }
  return out + "\"";
}

// Every seed for `lab`: its defaults, each default field alone, the lessons' presets, its model.
std::vector<Seed> collect_seeds(const std::string& lab, const std::string& lessons) {
  const json defaults = make_lab(lab)->full_preset();
  std::vector<Seed> seeds = {{"default", defaults}};
  for (const auto& item : defaults.items())
    seeds.push_back({"field-" + item.key(), {{item.key(), item.value()}}});
  for (auto& s : lesson_presets(lab, lessons)) seeds.push_back(std::move(s));
  Host h;
  json file;
  if (host_open(h, lab, nullptr).empty() && host_command(h, "step").empty() && host_export(h, file).empty()) {
    json p = file["preset"];
    p["model"] = file["model"];
    seeds.push_back({"model", p});
  }
  return seeds;
}

// DIR/NAME.json for each seed not written already; their keys and strings go into `words`.
int write_seeds(const std::string& dir, const std::vector<Seed>& seeds, std::set<std::string>& words) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::set<std::string> written;
  int n = 0;
  for (const auto& s : seeds) {
    const std::string text = s.preset.dump();
    if (!written.insert(text).second) continue;  // the same preset from another place
    std::string name;
    for (char c : s.name) name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
    std::ofstream f(fs::path(dir) / (name + ".json"), std::ios::binary);
    f << text;
    if (!f) {
      std::fprintf(stderr, "lab seeds: cannot write %s/%s.json\n", dir.c_str(), name.c_str());
      return 0;
    }
    collect_words(s.preset, words);
    ++n;
  }
  return n;
}

// The dictionary: `words` and what the lab's messages tell of its fields, as JSON strings; the
// fields' bounds and JSON's own tokens as they are.
bool write_dictionary(const std::string& lab, const std::string& path, std::set<std::string> words) {
  std::set<std::string> tokens = {"{", "}", "[", "]", ":", ",", "true", "false", "null", "0", "-1", "0.5",
                                  "1e308", "-1e308", "1e-320", "4294967296", "9223372036854775808", "\"\"",
                                  "\"\\u0000\"", "\"\\ud800\"", "[[", "]]", "{}", "[]"};
  for (const auto& f : field_names(lab)) {
    words.insert(f);
    probe_field(lab, f, words, tokens);
  }
  for (const auto& w : words) {
    const std::string quoted = json(w).dump();
    if (quoted.size() <= kMaxToken) tokens.insert(quoted);  // libFuzzer refuses longer entries
  }
  std::ofstream d(path, std::ios::binary);
  d << "# libFuzzer dictionary for lab '" << lab << "', written by tests/fuzz/lab_seeds.cpp\n";
  for (const auto& t : tokens) d << dict_entry(t) << "\n";
  if (!d) std::fprintf(stderr, "lab seeds: cannot write %s\n", path.c_str());
  else std::fprintf(stderr, "lab seeds: %zu dictionary entries in %s\n", tokens.size(), path.c_str());
  return bool(d);
}

}  // namespace

int write_lab_seeds(const std::string& lab, const std::string& dir, const std::string& dict,
                    const std::string& lessons) {
  if (!find_lab(lab)) {
    std::fprintf(stderr, "lab seeds: unknown lab '%s' (labs: %s)\n", lab.c_str(), lab_names().c_str());
    return 0;
  }
  std::set<std::string> words;
  const int n = write_seeds(dir, collect_seeds(lab, lessons), words);
  std::fprintf(stderr, "lab seeds: %d seeds for lab '%s' in %s\n", n, lab.c_str(), dir.c_str());
  if (n == 0 || dict.empty()) return n;
  return write_dictionary(lab, dict, words) ? n : 0;
}
