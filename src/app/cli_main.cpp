// The headless front end: the same labs with no window. Tests and benchmarks use it.
//   course-cli run LAB [--preset JSON] [--steps N] [--check COND]
//                                                     configure, train N steps, print state JSON;
//                                                     with --check, an exercise's condition
//                                                     ("test_acc >= 0.9 and step <= 1000") is
//                                                     evaluated on the result (exit 4 if it fails)
//   course-cli check-lessons [DIR]                    validate every lesson, print file:line: what
//   course-cli index [DIR]                            the home page's chapter list (JSON)
//   course-cli labs                                   the registered labs
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "labs/lab.h"
#include "lesson/lesson.h"
#include "ui/strings.h"

namespace fs = std::filesystem;

static int usage() {
  std::fprintf(stderr,
               "usage: course-cli run LAB [--preset JSON] [--steps N] [--check CONDITION]\n"
               "       course-cli check-lessons [DIR]\n"
               "       course-cli index [DIR]\n"
               "       course-cli labs\n");
  return 2;
}

static int run(int argc, char** argv) {
  if (argc < 3) return usage();
  std::string name = argv[2];
  json preset = json::object();
  long steps = 0;
  std::string check;
  bool checking = false;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--preset" && i + 1 < argc) {
      preset = json::parse(argv[++i], nullptr, false);
      if (preset.is_discarded()) {
        std::fprintf(stderr, "course-cli: --preset is not valid JSON: %s\n", argv[i]);
        return 2;
      }
    } else if (a == "--steps" && i + 1 < argc) {
      char* end = nullptr;
      steps = std::strtol(argv[++i], &end, 10);
      if (*end || steps < 0 || steps > 100000000) {
        std::fprintf(stderr, "course-cli: --steps must be a whole number from 0 to 100000000, got %s\n",
                     argv[i]);
        return 2;
      }
    } else if (a == "--check" && i + 1 < argc) {
      check = argv[++i];
      checking = true;
      std::vector<lesson::Clause> clauses;
      std::string err = lesson::parse_check(check, clauses);
      if (!err.empty()) {
        std::fprintf(stderr, "course-cli: --check: %s\n", err.c_str());
        return 2;
      }
    } else {
      return usage();
    }
  }
  auto lab = make_lab(name);
  if (!lab) {
    std::fprintf(stderr, "course-cli: unknown lab '%s' (labs: %s)\n", name.c_str(), lab_names().c_str());
    return 2;
  }
  try {
    lab->apply(preset);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "course-cli: preset refused: %s\n", e.what());
    return 2;
  }
  for (long i = 0; i < steps && lab->alert.empty(); ++i) lab->step();
  json out = {{"lab", name}, {"preset", lab->full_preset()}, {"notes", lab->notes},
              {"alert", lab->alert}, {"state", lab->state()}};
  lesson::Verdict v;
  if (checking) {
    v = lesson::check_exercise(check, "", nullptr, out["state"]);
    out["check"] = lesson::to_json(v);
  }
  std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  if (!lab->alert.empty()) return 3;
  return checking && !v.pass ? 4 : 0;
}

static bool read_file(const fs::path& p, std::string& out) {
  std::ifstream f(p, std::ios::binary);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

// Every lessons/NN-topic/lesson.LANG.md, checked, grouped by chapter.
struct Chapter {
  std::string id;
  std::map<std::string, lesson::Lesson> langs;  // "en" -> parsed lesson
  std::map<std::string, std::string> files;
};

static std::vector<Chapter> load_chapters(const fs::path& dir) {
  std::vector<Chapter> chapters;
  std::vector<fs::path> folders;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_directory()) folders.push_back(e.path());
  std::sort(folders.begin(), folders.end());
  for (const auto& folder : folders) {
    Chapter c{folder.filename().string(), {}, {}};
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(folder)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string fn = f.filename().string();
      if (fn.rfind("lesson.", 0) != 0 || f.extension() != ".md") continue;
      std::string lang = fn.substr(7, fn.size() - 10);
      std::string text;
      if (!read_file(f, text)) continue;
      c.langs[lang] = lesson::parse_and_check(text);
      c.files[lang] = f.string();
    }
    if (c.langs.empty()) continue;
    // Every language is held to the first one (zh sorts after en: en is the reference).
    const auto& [ref_lang, ref] = *c.langs.begin();
    for (auto& [lang, l] : c.langs)
      if (lang != ref_lang) lesson::check_pair(ref, fs::path(c.files[ref_lang]).filename().string(), l);
    chapters.push_back(std::move(c));
  }
  return chapters;
}

static int check_lessons(const fs::path& dir) {
  if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "course-cli: no lessons folder at %s\n", dir.string().c_str());
    return 2;
  }
  int files = 0, problems = 0;
  for (const auto& c : load_chapters(dir))
    for (const auto& [lang, l] : c.langs) {
      ++files;
      problems += int(l.problems.size());
      std::cout << lesson::report(c.files.at(lang), l);
    }
  std::printf("check-lessons: %d lesson files, %d problems\n", files, problems);
  return problems ? 1 : 0;
}

static int index(const fs::path& dir) {
  json out = json::array();
  for (const auto& c : load_chapters(dir)) {
    json ch = {{"id", c.id}, {"langs", json::object()}};
    for (const auto& [lang, l] : c.langs) {
      json j = {{"title", l.title}, {"lab", l.lab}, {"sections", json::array()},
                {"exercises", json::array()}, {"problems", json::array()}};
      for (size_t i = 0; i < l.sections.size(); ++i)
        j["sections"].push_back({{"id", l.sections[i].id}, {"title", l.sections[i].title},
                                 {"lab", lesson::lab_of(l, int(i))}});
      for (const auto& e : l.exercises) j["exercises"].push_back(e.id);
      std::string file = c.id + "/lesson." + lang + ".md";
      for (const auto& p : l.problems)
        j["problems"].push_back(file + ":" + std::to_string(p.line) + ": " + p.what);
      ch["langs"][lang] = j;
    }
    out.push_back(ch);
  }
  std::cout << out.dump(1, ' ', false, json::error_handler_t::replace) << "\n";
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::string cmd = argv[1];
  if (cmd == "run") return run(argc, argv);
  if (cmd == "check-lessons") return check_lessons(argc > 2 ? argv[2] : "lessons");
  if (cmd == "index") return index(argc > 2 ? argv[2] : "lessons");
  if (cmd == "labs") {
    for (const auto& l : all_labs()) std::printf("%-10s %s\n", l.name.c_str(), ui::tr(l.title.c_str()));
    return 0;
  }
  return usage();
}
