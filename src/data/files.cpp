#include "data/files.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#ifndef COURSE_DATA_DIR
#define COURSE_DATA_DIR "build/data"
#endif

namespace data {

namespace {

struct Entry {
  FileStatus status = FileStatus::loading;
  std::unique_ptr<std::string> bytes;  // a pointer, so answers stay valid as the map grows
  std::string error;
  bool wanted = false;                 // queued for the shell
  bool rejected = false;               // arrived, but could not be used (reject_file)
};

bool async_mode = false;
std::map<std::string, Entry>& store() {
  static std::map<std::string, Entry> files;
  return files;
}

// A plain file name: no folders, nothing that could leave the data folder.
bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 100 || name[0] == '.') return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) return false;
  return true;
}

void read_now(const std::string& name, Entry& e) {
  const std::string path = data_dir() + "/" + name;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  if (in) buf << in.rdbuf();
  if (!in || in.bad()) {
    e.status = FileStatus::failed;
    e.error = path + " could not be read (./course build makes it)";
    return;
  }
  e.bytes = std::make_unique<std::string>(buf.str());
  e.status = FileStatus::ready;
}

FileAnswer answer(const Entry& e) {
  FileAnswer a;
  a.status = e.status;
  a.bytes = e.bytes.get();
  a.error = e.error;
  return a;
}

}  // namespace

std::string data_dir() {
  const char* env = std::getenv("COURSE_DATA");
  return env && *env ? std::string(env) : std::string(COURSE_DATA_DIR);
}

FileAnswer request_file(const std::string& name) {
  if (!valid_name(name)) {
    FileAnswer a;
    a.status = FileStatus::failed;
    a.error = "not a data file name: " + name;
    return a;
  }
  auto [it, added] = store().try_emplace(name);
  Entry& e = it->second;
  if (added) {
    if (async_mode)
      e.wanted = true;
    else
      read_now(name, e);
  }
  return answer(e);
}

bool note_answer(FileWait& wait, const std::string& name, const FileAnswer& answer) {
  if (answer.status == FileStatus::failed && wait.file.empty()) wait = {name, answer.error};
  return answer.status == FileStatus::ready;
}

void set_async(bool async) { async_mode = async; }

std::vector<std::string> wanted_files() {
  std::vector<std::string> names;
  for (auto& [name, e] : store())
    if (e.wanted) names.push_back(name);
  return names;
}

void put_file(const std::string& name, std::string bytes) {
  Entry& e = store()[name];
  e.bytes = std::make_unique<std::string>(std::move(bytes));
  e.status = FileStatus::ready;
  e.error.clear();
  e.wanted = false;
}

void fail_file(const std::string& name, const std::string& why) {
  Entry& e = store()[name];
  if (e.status == FileStatus::ready) return;
  e.status = FileStatus::failed;
  e.error = why;
  e.wanted = false;
}

void reject_file(const std::string& name, const std::string& why) {
  Entry& e = store()[name];
  e.bytes.reset();
  e.status = FileStatus::failed;
  e.error = why;
  e.wanted = false;
  e.rejected = true;
}

std::vector<std::pair<std::string, std::string>> rejected_files() {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [name, e] : store())
    if (e.rejected && e.status == FileStatus::failed) out.push_back({name, e.error});
  return out;
}

void retry_file(const std::string& name) {
  auto it = store().find(name);
  if (it == store().end() || it->second.status != FileStatus::failed) return;
  Entry& e = it->second;
  e.status = FileStatus::loading;
  e.error.clear();
  e.rejected = false;
  if (async_mode)
    e.wanted = true;
  else
    read_now(name, e);
}

}  // namespace data
