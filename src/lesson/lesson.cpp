// Lesson parser and validator (format in lesson.h and the README). Reads line by line, the way a
// Markdown reader would: fenced code is skipped, math is found outside code, problems name lines.
#include "lesson/lesson.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "data/utf8.h"
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

// A lesson must be UTF-8: every line that is not is a problem (the first few are named).
static bool check_utf8(const std::vector<std::string>& lines, Lesson& l) {
  int bad = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t chars = 0;
    const size_t at = data::invalid_utf8(lines[i], chars);
    if (at == std::string::npos) continue;
    if (++bad <= 5) {
      char what[160];
      std::snprintf(what, sizeof what,
                    "not valid UTF-8 (byte 0x%02X at column %zu): save the file as UTF-8",
                    unsigned(static_cast<unsigned char>(lines[i][at])), chars + 1);
      l.problems.push_back({int(i) + 1, what});
    }
  }
  if (bad > 5)
    l.problems.push_back({1, "and " + std::to_string(bad - 5) + " more lines that are not valid UTF-8"});
  return bad == 0;
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
          l.lives.push_back({line, key, int(l.sections.size()) - 1});
      }
      if (m.compare(i, 5, "\\left") == 0 && (i + 5 >= m.size() || !std::isalpha((unsigned char)m[i + 5])))
        ++lr;
      if (m.compare(i, 6, "\\right") == 0 && (i + 6 >= m.size() || !std::isalpha((unsigned char)m[i + 6])))
        --lr;
      ++i;  // skip the escaped character (\{ \} \$ ...)
      continue;
    }
    if (c == '{') ++depth;
    if (c == '}' && --depth < 0) {
      l.problems.push_back({line, "unbalanced math: '}' without '{'"});
      return;
    }
  }
  if (depth > 0)
    l.problems.push_back({line, "unbalanced math: " + std::to_string(depth) + " '{' not closed"});
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
            in_inline = false;
            buf.clear();
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
        in_display = dbl;
        in_inline = !dbl;
        open_line = ln;
        buf.clear();
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
      in_inline = false;
      buf.clear();
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

// "## Title {#id}" or "## Title {#id lab=NAME}".
static void parse_heading(const std::string& s, int ln, Lesson& l) {
  std::string t = trim(s.substr(3));
  size_t open = t.rfind("{#");
  if (open == std::string::npos || t.back() != '}') {
    l.problems.push_back({ln, "section heading needs an id at its end, e.g. '## " + t +
                                  " {#my-section}' (the same id in every language)"});
    return;
  }
  std::stringstream attrs(t.substr(open + 2, t.size() - open - 3));
  std::string id, word, lab;
  attrs >> id;
  while (attrs >> word) {
    if (word.rfind("lab=", 0) == 0 && word.size() > 4 && lab.empty()) {
      lab = word.substr(4);
    } else {
      l.problems.push_back({ln, "section heading: unknown attribute '" + word + "' after the id "
                                "(known: lab=NAME, e.g. {#" + id + " lab=mlp})"});
      return;
    }
  }
  if (!valid_id(id)) {
    l.problems.push_back({ln, "section id '" + id + "' may only use a-z, 0-9 and '-'"});
    return;
  }
  for (const auto& sec : l.sections)
    if (sec.id == id) l.problems.push_back({ln, "section id '" + id + "' is used twice"});
  l.sections.push_back({id, trim(t.substr(0, open)), ln, lab});
}

static void parse_run(const std::vector<std::string>& body, int first_line, const std::string& label,
                      Lesson& l) {
  std::string text;
  for (const auto& s : body) text += s + "\n";
  try {
    json p = json::parse(text);
    if (!p.is_object()) throw std::runtime_error("not an object");
    l.runs.push_back({first_line - 1, label, p, int(l.sections.size()) - 1});
  } catch (const json::parse_error& e) {
    // Find the line of the byte where parsing failed.
    int ln = first_line;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) ln += text[i] == '\n';
    std::string msg = data::utf8_clean(e.what());  // it quotes the bytes it read, maybe half a character
    size_t cut = msg.find("syntax error");
    l.problems.push_back(
        {ln, "run block is not valid JSON: " + (cut == std::string::npos ? msg : msg.substr(cut))});
  } catch (const std::exception&) {
    l.problems.push_back({first_line, "run block must be a JSON object like {\"lr\": 0.5}"});
  }
}

// ```exercise Prompt, then "key: value" lines (see lesson.h). Problems name the line.
static void parse_exercise(const std::vector<std::string>& body, int fence_line, const std::string& prompt,
                           Lesson& l) {
  Exercise e;
  e.line = fence_line;
  e.prompt = prompt;
  e.section = int(l.sections.size()) - 1;
  bool ok = true;
  auto bad = [&](int ln, const std::string& what) {
    l.problems.push_back({ln, "exercise: " + what});
    ok = false;
  };
  if (prompt.empty())
    bad(fence_line,
        "the prompt goes after ```exercise on the same line, e.g. '```exercise Reach 95% test accuracy.'");
  // A prompt and a hint are prose: their math is checked like the text's.
  auto prose = [&](const std::string& text, int ln) {
    MathScanner m{l, false, false, 0, {}};
    m.line(text, ln);
    m.finish();
  };
  prose(prompt, fence_line);
  // CommonMark ends a backtick fence's info string at a backtick: the page would show no card.
  if (prompt.find('`') != std::string::npos)
    bad(fence_line, "the prompt cannot hold a backtick (`code`): Markdown would not see the card; write it "
                    "without one");
  std::vector<std::string> seen;
  int id_line = fence_line;
  for (size_t i = 0; i < body.size(); ++i) {
    const int ln = fence_line + 1 + int(i);
    const std::string& s = body[i];
    if (trim(s).empty()) continue;
    size_t colon = s.find(':');
    if (colon == std::string::npos) {
      bad(ln, "expected 'key: value' (id, check, answer, hint, solution), got '" + trim(s) + "'");
      continue;
    }
    std::string key = trim(s.substr(0, colon)), value = trim(s.substr(colon + 1));
    bool twice = false;
    for (const auto& k : seen) twice = twice || k == key;
    if (twice) {
      bad(ln, "'" + key + "' is given twice");
      continue;
    }
    seen.push_back(key);
    if (key == "id") {
      id_line = ln;
      if (!valid_id(value))
        bad(ln, "id '" + value + "' may only use a-z, 0-9 and '-' (it keys the learner's progress)");
      e.id = value;
    } else if (key == "check") {
      e.check_text = value;
      e.check_line = ln;
      std::string err = parse_check(value, e.check);
      if (!err.empty()) bad(ln, "check: " + err);
    } else if (key == "answer") {
      e.has_answer = true;
      e.answer_line = ln;
      std::string err = parse_answer(value, e.answer);
      if (!err.empty()) bad(ln, "answer: " + err);
    } else if (key == "hint") {
      e.hint = value;
      if (value.empty()) bad(ln, "the hint is empty");
      prose(value, ln);
    } else if (key == "solution") {
      json p = json::parse(value, nullptr, false);
      if (p.is_discarded() || !p.is_object())
        bad(ln, "solution must be a preset, a JSON object on one line like {\"lr\": 0.5}");
      else
        e.solution = p;
    } else {
      bad(ln, "unknown key '" + key + "' (known: id, check, answer, hint, solution)");
    }
  }
  if (e.id.empty()) bad(fence_line, "no 'id:' line (an id like 'circle-95', the same in every language)");
  if (e.hint.empty() && std::find(seen.begin(), seen.end(), "hint") == seen.end())
    bad(fence_line, "no 'hint:' line (shown after a failed attempt)");
  if (std::find(seen.begin(), seen.end(), "check") == seen.end() && !e.has_answer)
    bad(fence_line,
        "needs a 'check:' (a condition on the lab's state) or an 'answer:' (a number the learner "
        "types), or both");
  if (!e.id.empty())
    for (const auto& other : l.exercises)
      if (other.id == e.id)
        bad(id_line, "id '" + e.id + "' is used twice (also on line " + std::to_string(other.line) + ")");
  if (ok) l.exercises.push_back(e);
}

Lesson parse(const std::string& text) {
  Lesson l;
  const bool bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0;  // a byte-order mark is allowed
  const auto lines = split_lines(bom ? text.substr(3) : text);
  if (!check_utf8(lines, l)) return l;  // nothing else can be read reliably
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
        if (fence_kind == "exercise") parse_exercise(block, fence_line, run_label, l);
        fence.clear();
      } else {
        block.push_back(s);
      }
      continue;
    }
    if (!f.empty()) {
      math.paragraph_end(ln);
      fence = f;
      fence_line = ln;
      block.clear();
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

const std::string& lab_of(const Lesson& l, int section) {
  if (section >= 0 && size_t(section) < l.sections.size() && !l.sections[size_t(section)].lab.empty())
    return l.sections[size_t(section)].lab;
  return l.lab;
}

static std::string key_list(const json& state) {
  std::string keys;
  for (const auto& item : state.items()) keys += (keys.empty() ? "" : ", ") + item.key();
  return keys;
}

void check(Lesson& l) {
  if (l.lab.empty()) return;
  // The labs the lesson uses, each with the states it can show: its defaults and its state under
  // every preset the lesson gives it (a key that only exists in some configurations, like one
  // compare run's loss, is fine if some run block of the lesson makes it exist).
  struct Use {
    bool known = false;
    std::vector<json> states;
  };
  std::map<std::string, Use> labs;
  auto use = [&](const std::string& name, int line) -> Use* {
    auto it = labs.find(name);
    if (it != labs.end()) return it->second.known ? &it->second : nullptr;
    Use& u = labs[name];
    auto lab = make_lab(name);
    if (!lab) {
      l.problems.push_back({line, "unknown lab '" + name + "' (labs: " + lab_names() + ")"});
      return nullptr;
    }
    u.known = true;
    u.states.push_back(lab->state());
    return &u;
  };
  auto try_preset = [&](const std::string& name, const json& p, int line, const char* where) {
    Use* u = use(name, line);
    if (!u) return;
    try {
      auto fresh = make_lab(name);
      fresh->apply(p);
      u->states.push_back(fresh->state());
    } catch (const std::exception& e) {
      l.problems.push_back({line, std::string(where) + " rejected by lab '" + name + "': " + e.what()});
    }
  };
  if (!use(l.lab, 2)) return;
  try_preset(l.lab, l.preset, 2, "header preset");
  for (const auto& s : l.sections)
    if (!s.lab.empty()) use(s.lab, s.line);
  for (const auto& r : l.runs) try_preset(lab_of(l, r.section), r.preset, r.line, "run block");
  for (const auto& e : l.exercises)
    if (!e.solution.is_null()) try_preset(lab_of(l, e.section), e.solution, e.line, "exercise solution");

  // A state key the section's lab has (in one of its states); else a problem naming the keys.
  auto has_key = [&](int section, const std::string& key, int line, const std::string& what) {
    const std::string& name = lab_of(l, section);
    auto it = labs.find(name);
    if (it == labs.end() || !it->second.known) return;  // reported above
    for (const auto& st : it->second.states)
      if (find_key(st, key)) return;
    l.problems.push_back({line, what + ": lab '" + name + "' has no such state key (keys: " +
                                    key_list(it->second.states.front()) + ")"});
  };
  for (const auto& h : l.lives) has_key(h.section, h.key, h.line, "\\live{" + h.key + "}");
  for (const auto& e : l.exercises) {
    for (const auto& c : e.check) {
      has_key(e.section, c.key, e.check_line, "exercise '" + e.id + "': check key '" + c.key + "'");
      if (!c.value_key.empty())
        has_key(e.section, c.value_key, e.check_line,
                "exercise '" + e.id + "': check key '" + c.value_key + "'");
    }
    if (e.has_answer)
      has_key(e.section, e.answer.key, e.answer_line,
              "exercise '" + e.id + "': answer key '" + e.answer.key + "'");
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
  for (size_t i = 0; i < a.sections.size() && i < b.sections.size(); ++i) {
    const std::string &la = lab_of(a, int(i)), &lb = lab_of(b, int(i));
    if (a.sections[i].id == b.sections[i].id && la != lb)
      b.problems.push_back({b.sections[i].line, "section '" + b.sections[i].id + "' uses lab '" + lb +
                                                    "' here but '" + la + "' in " + a_name});
  }
  std::string ea, eb;
  for (const auto& e : a.exercises) ea += e.id + " ";
  for (const auto& e : b.exercises) eb += e.id + " ";
  if (ea != eb)
    b.problems.push_back({b.exercises.empty() ? 1 : b.exercises[0].line,
                          "exercise ids [" + trim(eb) + "] differ from " + a_name + " [" + trim(ea) + "]"});
  // The browser tests solve a chapter's exercises in one of its languages only, so what the lab is
  // asked to do must be the same in both: the run blocks' presets and the exercises' checks,
  // answers and solutions. Only the words may differ.
  if (a.runs.size() != b.runs.size())
    b.problems.push_back({b.runs.empty() ? 1 : b.runs[0].line, std::to_string(b.runs.size()) +
                          " run blocks here, " + std::to_string(a.runs.size()) + " in " + a_name});
  for (size_t i = 0; i < a.runs.size() && i < b.runs.size(); ++i)
    if (a.runs[i].preset != b.runs[i].preset)
      b.problems.push_back({b.runs[i].line, "run block " + std::to_string(i + 1) + "'s preset " +
                                                b.runs[i].preset.dump() + " differs from " + a_name + "'s " +
                                                a.runs[i].preset.dump()});
  for (size_t i = 0; i < a.exercises.size() && i < b.exercises.size(); ++i) {
    const Exercise &x = a.exercises[i], &y = b.exercises[i];
    if (x.id != y.id) continue;  // reported above
    std::string what;
    if (x.check_text != y.check_text)
      what = "check '" + y.check_text + "' (" + a_name + ": '" + x.check_text + "')";
    else if (x.has_answer != y.has_answer || x.answer.key != y.answer.key || x.answer.tol != y.answer.tol)
      what = "answer";
    else if (x.solution != y.solution) what = "solution";
    if (!what.empty())
      b.problems.push_back({y.line, "exercise '" + y.id + "': its " + what + " differs from " + a_name});
  }
}

std::string report(const std::string& file, const Lesson& l) {
  std::string out;
  for (const auto& p : l.problems) out += file + ":" + std::to_string(p.line) + ": " + p.what + "\n";
  return out;
}

json to_json(const Lesson& l) {
  json j = {{"title", l.title}, {"lab", l.lab}, {"preset", l.preset}, {"body_line", l.body_line}};
  auto section_id = [&](int i) { return i < 0 ? std::string() : l.sections[size_t(i)].id; };
  j["sections"] = json::array();
  for (size_t i = 0; i < l.sections.size(); ++i) {
    const auto& s = l.sections[i];
    j["sections"].push_back({{"id", s.id}, {"title", s.title}, {"line", s.line}, {"lab", lab_of(l, int(i))}});
  }
  j["runs"] = json::array();
  for (const auto& r : l.runs)
    j["runs"].push_back({{"line", r.line}, {"label", r.label}, {"preset", r.preset},
                         {"section", section_id(r.section)}, {"lab", lab_of(l, r.section)}});
  j["exercises"] = json::array();
  for (const auto& e : l.exercises) {
    json a = nullptr;
    if (e.has_answer) a = {{"key", e.answer.key}, {"tol", e.answer.tol}};
    j["exercises"].push_back({{"line", e.line}, {"id", e.id}, {"prompt", e.prompt}, {"hint", e.hint},
                              {"check", e.check_text}, {"answer", a}, {"solution", e.solution},
                              {"section", section_id(e.section)}, {"lab", lab_of(l, e.section)}});
  }
  j["problems"] = json::array();
  for (const auto& p : l.problems) j["problems"].push_back({{"line", p.line}, {"what", p.what}});
  return j;
}

// Exercises ------------------------------------------------------------------------------------
static bool key_char(char c) {
  return std::isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

static bool valid_key(const std::string& k) {
  if (k.empty() || !(std::isalpha((unsigned char)k[0]) || k[0] == '_')) return false;
  for (char c : k)
    if (!key_char(c)) return false;
  return true;
}

// A whole string as a finite number ("0.95", "-1e-3"); false otherwise.
static bool read_double(const std::string& text, double& out) {
  std::string t = trim(text);
  if (t.empty()) return false;
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end && *end == '\0' && std::isfinite(out);
}

std::string parse_check(const std::string& text, std::vector<Clause>& out) {
  out.clear();
  if (trim(text).empty()) return "empty: write clauses like 'test_acc >= 0.95 and step <= 1000'";
  // Split on the word "and".
  std::vector<std::string> parts;
  std::stringstream ss(text);
  std::string word, cur;
  while (ss >> word) {
    if (word == "and") {
      parts.push_back(cur);
      cur.clear();
    } else if (word == "or" || word == "&&" || word == "||" || word == "not") {
      return "'" + word + "' is not supported: join clauses with 'and'";
    } else {
      cur += (cur.empty() ? "" : " ") + word;
    }
  }
  parts.push_back(cur);
  for (const auto& p : parts) {
    if (trim(p).empty()) return "an empty clause around 'and' in '" + text + "'";
    size_t i = 0;
    while (i < p.size() && p[i] != '<' && p[i] != '>' && p[i] != '=' && p[i] != '!') ++i;
    size_t j = i;
    while (j < p.size() && (p[j] == '<' || p[j] == '>' || p[j] == '=' || p[j] == '!')) ++j;
    Clause c;
    c.key = trim(p.substr(0, i));
    c.op = p.substr(i, j - i);
    std::string value = trim(p.substr(j));
    if (c.op.empty())
      return "'" + p + "' has no comparison: write KEY OP VALUE with OP one of < <= > >= == !=";
    if (c.op != "<" && c.op != "<=" && c.op != ">" && c.op != ">=" && c.op != "==" && c.op != "!=")
      return "bad operator '" + c.op + "' in '" + p + "' (use < <= > >= == !=)";
    if (!valid_key(c.key)) return "'" + c.key + "' in '" + p + "' is not a state key (like test_acc or w.0)";
    if (value.empty()) return "'" + p + "' has nothing after '" + c.op + "'";
    if (!read_double(value, c.value)) {
      if (!valid_key(value)) return "'" + value + "' in '" + p + "' is neither a number nor a state key";
      c.value_key = value;
    }
    out.push_back(c);
  }
  return "";
}

std::string parse_answer(const std::string& text, Answer& out) {
  std::stringstream ss(text);
  std::string key, tol, extra;
  ss >> key >> tol >> extra;
  if (key.empty() || tol.empty() || !extra.empty())
    return "expected 'KEY TOLERANCE', e.g. 'answer: grad.w5 0.005', got '" + trim(text) + "'";
  if (!valid_key(key)) return "'" + key + "' is not a state key (like grad.w5 or w.0)";
  if (!read_double(tol, out.tol) || out.tol < 0) return "the tolerance '" + tol + "' must be a number >= 0";
  out.key = key;
  return "";
}

static std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

static bool holds(double a, const std::string& op, double b) {
  const bool eq = std::fabs(a - b) <= 1e-6 * std::max({1.0, std::fabs(a), std::fabs(b)});
  if (op == "<") return a < b;
  if (op == "<=") return a <= b;
  if (op == ">") return a > b;
  if (op == ">=") return a >= b;
  if (op == "==") return eq;
  return !eq;  // !=
}

// A number (true and false count as 1 and 0) at `key`; false when absent or not a number.
static bool number_at(const json& state, const std::string& key, double& out) {
  const json* v = find_key(state, key);
  if (!v) return false;
  if (v->is_boolean()) out = v->get<bool>() ? 1 : 0;
  else if (v->is_number()) out = v->get<double>();
  else return false;
  return true;
}

Verdict check_exercise(const std::vector<Clause>& conditions, const json& state, const Answer* answer,
                       const double* typed) {
  Verdict v;
  auto missing = [&](const std::string& key) {
    v.why = "the lab has no number '" + key + "' now";
    v.failed = {{"kind", "missing"}, {"key", key}};
    return v;
  };
  for (const auto& c : conditions) {
    double a = 0, b = c.value;
    if (!number_at(state, c.key, a)) return missing(c.key);
    if (!c.value_key.empty() && !number_at(state, c.value_key, b)) return missing(c.value_key);
    if (!holds(a, c.op, b)) {
      v.why = c.key + " = " + num(a) + ", needs " + c.op + " " +
              (c.value_key.empty() ? num(b) : c.value_key + " = " + num(b));
      v.failed = {{"kind", "clause"}, {"key", c.key}, {"op", c.op}, {"value", a}, {"target", b}};
      if (!c.value_key.empty()) v.failed["target_key"] = c.value_key;
      return v;
    }
  }
  if (answer) {
    if (!typed) {
      v.why = "type a number first";
      v.failed = {{"kind", "no_answer"}};
      return v;
    }
    double right = 0;
    if (!number_at(state, answer->key, right)) return missing(answer->key);
    if (!(std::fabs(*typed - right) <= answer->tol)) {
      // The right value is not told: the learner is to find it.
      v.why = num(*typed) + " is not within " + num(answer->tol) + " of the lab's value";
      v.failed = {{"kind", "answer"}, {"typed", *typed}, {"tol", answer->tol}};
      return v;
    }
  }
  v.pass = true;
  v.why = "passed";
  return v;
}

Verdict check_exercise(const std::string& check, const std::string& answer, const json& typed,
                       const json& state) {
  Verdict bad;
  std::vector<Clause> clauses;
  Answer a;
  std::string err = trim(check).empty() ? "" : parse_check(check, clauses);
  if (err.empty() && !trim(answer).empty()) err = parse_answer(answer, a);
  if (err.empty() && trim(check).empty() && trim(answer).empty())
    err = "neither a check nor an answer was given";
  if (!err.empty()) {
    bad.why = err;
    bad.failed = {{"kind", "bad"}, {"what", err}};
    return bad;
  }
  double t = 0;
  bool have = false;
  if (typed.is_number()) {
    t = typed.get<double>();
    have = std::isfinite(t);
  } else if (typed.is_string()) {
    // What a learner types: spaces, a typographic minus, a decimal comma.
    std::string s = typed.get<std::string>();
    for (size_t p; (p = s.find("\xE2\x88\x92")) != std::string::npos;) s.replace(p, 3, "-");
    if (s.find('.') == std::string::npos) std::replace(s.begin(), s.end(), ',', '.');
    if (!trim(s).empty()) {
      have = read_double(s, t);
      if (!have) {
        bad.why = "'" + typed.get<std::string>() + "' is not a number";
        bad.failed = {{"kind", "typed"}, {"text", typed.get<std::string>()}};
        return bad;
      }
    }
  }
  const bool answered = !trim(answer).empty();
  return check_exercise(clauses, state, answered ? &a : nullptr, have ? &t : nullptr);
}

json to_json(const Verdict& v) {
  json j = {{"pass", v.pass}, {"why", v.why}};
  if (!v.failed.is_null()) j["failed"] = v.failed;
  return j;
}

}  // namespace lesson
