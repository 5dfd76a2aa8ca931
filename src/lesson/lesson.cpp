// Lesson parser and validator (format in lesson.h and the README). Reads line by line, the way a
// Markdown reader would: fenced code is skipped, math is found outside code, problems name lines.
#include "lesson/lesson.h"

#include <cctype>
#include <sstream>

#include "labs/lab.h"

namespace lesson {

static std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

static std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

static bool starts_with(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

// A fence opener/closer: up to 3 spaces, then ``` or ~~~.
static std::string fence_of(const std::string& line) {
  size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  if (line.compare(i, 3, "```") == 0) return "```";
  if (line.compare(i, 3, "~~~") == 0) return "~~~";
  return "";
}

// Header -------------------------------------------------------------------------------------
static void parse_header(const std::vector<std::string>& lines, Lesson& l) {
  if (lines.empty() || trim(lines[0]) != "---") {
    l.problems.push_back({1, "missing header: the file must start with a line '---', then "
                             "'title: ...' and 'lab: ...', then '---'"});
    return;
  }
  size_t i = 1;
  for (; i < lines.size() && trim(lines[i]) != "---"; ++i) {
    const int ln = int(i) + 1;
    const std::string& s = lines[i];
    if (trim(s).empty()) continue;
    size_t colon = s.find(':');
    if (colon == std::string::npos) {
      l.problems.push_back({ln, "bad header line '" + s + "': expected 'key: value'"});
      continue;
    }
    std::string key = trim(s.substr(0, colon)), value = trim(s.substr(colon + 1));
    if (key == "title") {
      l.title = value;
    } else if (key == "lab") {
      l.lab = value;
    } else if (key == "preset") {
      json p = json::parse(value, nullptr, false);
      if (p.is_discarded() || !p.is_object())
        l.problems.push_back({ln, "preset is not a JSON object: " + value});
      else
        l.preset = p;
    } else {
      l.problems.push_back({ln, "unknown header key '" + key + "' (known: title, lab, preset)"});
    }
  }
  if (i >= lines.size()) {
    l.problems.push_back({1, "header is not closed: add a line '---' after it"});
    l.body_line = int(lines.size()) + 1;
    return;
  }
  if (l.title.empty()) l.problems.push_back({1, "header has no 'title:'"});
  if (l.lab.empty()) l.problems.push_back({1, "header has no 'lab:'"});
  l.body_line = int(i) + 2;
}

// Math -----------------------------------------------------------------------------------------
// Checks one math segment (without its $ delimiters) and collects its \live{...} hooks.
static void check_math(const std::string& m, int line, Lesson& l) {
  int depth = 0, lr = 0;
  for (size_t i = 0; i < m.size(); ++i) {
    char c = m[i];
    if (c == '\\' && i + 1 < m.size()) {
      if (m.compare(i, 6, "\\live{") == 0) {
        size_t end = m.find('}', i + 6);
        std::string key = end == std::string::npos ? "" : trim(m.substr(i + 6, end - i - 6));
        if (key.empty())
          l.problems.push_back({line, "\\live{} needs a state key, e.g. \\live{loss}"});
        else
          l.lives.push_back({line, key});
      }
      if (m.compare(i, 5, "\\left") == 0 && (i + 5 >= m.size() || !std::isalpha((unsigned char)m[i + 5]))) ++lr;
      if (m.compare(i, 6, "\\right") == 0 && (i + 6 >= m.size() || !std::isalpha((unsigned char)m[i + 6]))) --lr;
      ++i;  // skip the escaped character (\{ \} \$ ...)
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth < 0) {
      l.problems.push_back({line, "unbalanced math: '}' without '{'"});
      return;
    }
  }
  if (depth > 0) l.problems.push_back({line, "unbalanced math: " + std::to_string(depth) + " '{' not closed"});
  if (lr != 0) l.problems.push_back({line, "unbalanced math: \\left and \\right do not pair up"});
}

// Scans the prose of one paragraph-ish run of lines for $...$ and $$...$$, skipping `code`.
struct MathScanner {
  Lesson& l;
  bool in_display = false;   // inside $$ ... $$ (may span lines)
  bool in_inline = false;    // inside $ ... $ (may span lines of one paragraph)
  int open_line = 0;
  std::string buf;

  void line(const std::string& s, int ln) {
    if (!in_display && !in_inline && trim(s).empty()) return;
    bool in_code = false;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (in_display || in_inline) {
        if (c == '\\' && i + 1 < s.size()) { buf += c; buf += s[++i]; continue; }
        if (c == '$') {
          bool dbl = i + 1 < s.size() && s[i + 1] == '$';
          if (in_display && dbl) { ++i; close(); continue; }
          if (in_inline && !dbl) { close(); continue; }
          if (in_inline && dbl) {
            l.problems.push_back({ln, "unbalanced math: '$$' inside inline math opened on line " +
                                          std::to_string(open_line)});
            in_inline = false, buf.clear();
            ++i;
            continue;
          }
        }
        buf += c;
        continue;
      }
      if (c == '`') in_code = !in_code;
      if (in_code) continue;
      if (c == '\\' && i + 1 < s.size()) { ++i; continue; }  // \$ is a dollar sign
      if (c == '$') {
        bool dbl = i + 1 < s.size() && s[i + 1] == '$';
        in_display = dbl, in_inline = !dbl, open_line = ln, buf.clear();
        if (dbl) ++i;
      }
    }
    if (in_display || in_inline) buf += '\n';
  }
  void close() {
    check_math(buf, open_line, l);
    in_display = in_inline = false;
    buf.clear();
  }
  // A blank line ends a paragraph: inline math cannot continue past it.
  void paragraph_end(int ln) {
    if (in_inline) {
      l.problems.push_back({open_line, "unbalanced math: '$' opened here is not closed in its "
                                       "paragraph (write \\$ for a dollar sign)"});
      in_inline = false, buf.clear();
    }
  }
  void finish() {
    paragraph_end(0);
    if (in_display) l.problems.push_back({open_line, "unbalanced math: '$$' opened here is never closed"});
  }
};

// Body -----------------------------------------------------------------------------------------
static bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!(std::islower((unsigned char)c) || std::isdigit((unsigned char)c) || c == '-')) return false;
  return true;
}

static void parse_heading(const std::string& s, int ln, Lesson& l) {
  std::string t = trim(s.substr(3));
  size_t open = t.rfind("{#");
  if (open == std::string::npos || t.back() != '}') {
    l.problems.push_back({ln, "section heading needs an id at its end, e.g. '## " + t +
                                  " {#my-section}' (the same id in every language)"});
    return;
  }
  std::string id = t.substr(open + 2, t.size() - open - 3);
  if (!valid_id(id)) {
    l.problems.push_back({ln, "section id '" + id + "' may only use a-z, 0-9 and '-'"});
    return;
  }
  for (const auto& sec : l.sections)
    if (sec.id == id) l.problems.push_back({ln, "section id '" + id + "' is used twice"});
  l.sections.push_back({id, trim(t.substr(0, open)), ln});
}

static void parse_run(const std::vector<std::string>& body, int first_line, const std::string& label,
                      Lesson& l) {
  std::string text;
  for (const auto& s : body) text += s + "\n";
  try {
    json p = json::parse(text);
    if (!p.is_object()) throw std::runtime_error("not an object");
    l.runs.push_back({first_line - 1, label, p});
  } catch (const json::parse_error& e) {
    // Find the line of the byte where parsing failed.
    int ln = first_line;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) ln += text[i] == '\n';
    std::string msg = e.what();
    size_t cut = msg.find("syntax error");
    l.problems.push_back({ln, "run block is not valid JSON: " + (cut == std::string::npos ? msg : msg.substr(cut))});
  } catch (const std::exception&) {
    l.problems.push_back({first_line, "run block must be a JSON object like {\"lr\": 0.5}"});
  }
}

Lesson parse(const std::string& text) {
  Lesson l;
  const auto lines = split_lines(text);
  parse_header(lines, l);
  MathScanner math{l, false, false, 0, {}};
  std::string fence;                // the open fence marker, or "" outside code
  std::string fence_kind, run_label;
  int fence_line = 0;
  std::vector<std::string> block;
  for (size_t i = size_t(l.body_line - 1); i < lines.size(); ++i) {
    const int ln = int(i) + 1;
    const std::string& s = lines[i];
    std::string f = fence_of(s);
    if (!fence.empty()) {           // inside a fenced block
      if (f == fence && trim(s).find_first_not_of(fence[0]) == std::string::npos) {  // closing fence
        if (fence_kind == "run") parse_run(block, fence_line + 1, run_label, l);
        fence.clear();
      } else {
        block.push_back(s);
      }
      continue;
    }
    if (!f.empty()) {
      math.paragraph_end(ln);
      fence = f, fence_line = ln, block.clear();
      std::string info = trim(trim(s).substr(3));
      size_t sp = info.find(' ');
      fence_kind = info.substr(0, sp);
      run_label = sp == std::string::npos ? "" : trim(info.substr(sp));
      continue;
    }
    if (trim(s).empty()) {
      math.paragraph_end(ln);
      continue;
    }
    if (starts_with(s, "## ")) {
      math.paragraph_end(ln);
      parse_heading(s, ln, l);
    }
    math.line(s, ln);
  }
  if (!fence.empty()) l.problems.push_back({fence_line, "code block opened here is never closed"});
  math.finish();
  return l;
}

// Against the lab ------------------------------------------------------------------------------
const json* find_key(const json& state, const std::string& key) {
  const json* cur = &state;
  std::stringstream ss(key);
  std::string part;
  while (std::getline(ss, part, '.')) {
    if (cur->is_object() && cur->contains(part)) {
      cur = &(*cur)[part];
    } else if (cur->is_array() && !part.empty() && std::isdigit((unsigned char)part[0])) {
      size_t idx = std::stoul(part);
      if (idx >= cur->size()) return nullptr;
      cur = &(*cur)[idx];
    } else {
      return nullptr;
    }
  }
  return cur;
}

void check(Lesson& l) {
  if (l.lab.empty()) return;
  auto lab = make_lab(l.lab);
  if (!lab) {
    l.problems.push_back({2, "unknown lab '" + l.lab + "' (labs: " + lab_names() + ")"});
    return;
  }
  auto try_preset = [&](const json& p, int line, const char* where) {
    try {
      auto fresh = make_lab(l.lab);
      fresh->apply(p);
    } catch (const std::exception& e) {
      l.problems.push_back({line, std::string(where) + " rejected by lab '" + l.lab + "': " + e.what()});
    }
  };
  try_preset(l.preset, 2, "header preset");
  for (const auto& r : l.runs) try_preset(r.preset, r.line, "run block");
  json state = lab->state();
  for (const auto& h : l.lives)
    if (!find_key(state, h.key)) {
      std::string keys;
      for (const auto& item : state.items()) keys += (keys.empty() ? "" : ", ") + item.key();
      l.problems.push_back({h.line, "\\live{" + h.key + "}: lab '" + l.lab + "' has no such state key (keys: " + keys + ")"});
    }
}

Lesson parse_and_check(const std::string& text) {
  Lesson l = parse(text);
  check(l);
  return l;
}

void check_pair(const Lesson& a, const std::string& a_name, Lesson& b) {
  if (a.lab != b.lab && !a.lab.empty() && !b.lab.empty())
    b.problems.push_back({2, "lab '" + b.lab + "' differs from '" + a.lab + "' in " + a_name});
  std::string ia, ib;
  for (const auto& s : a.sections) ia += s.id + " ";
  for (const auto& s : b.sections) ib += s.id + " ";
  if (ia != ib)
    b.problems.push_back({b.sections.empty() ? 1 : b.sections[0].line,
                          "section ids [" + trim(ib) + "] differ from " + a_name + " [" + trim(ia) + "]"});
}

std::string report(const std::string& file, const Lesson& l) {
  std::string out;
  for (const auto& p : l.problems) out += file + ":" + std::to_string(p.line) + ": " + p.what + "\n";
  return out;
}

json to_json(const Lesson& l) {
  json j = {{"title", l.title}, {"lab", l.lab}, {"preset", l.preset}, {"body_line", l.body_line}};
  j["sections"] = json::array();
  for (const auto& s : l.sections) j["sections"].push_back({{"id", s.id}, {"title", s.title}, {"line", s.line}});
  j["runs"] = json::array();
  for (const auto& r : l.runs) j["runs"].push_back({{"line", r.line}, {"label", r.label}, {"preset", r.preset}});
  j["problems"] = json::array();
  for (const auto& p : l.problems) j["problems"].push_back({{"line", p.line}, {"what", p.what}});
  return j;
}

}  // namespace lesson
