// Seeds and a libFuzzer dictionary for one lab's configure (fuzz_configure.cpp), made from the lab
// itself and the course's lessons, so a new lab is fuzzed well with no new files:
//   seeds       its full_preset() (the defaults), each of its fields alone, every header preset,
//               run block and exercise solution the lessons give it, and, when it exports a model,
//               its export as a preset with "model"
//   dictionary  its field names (asked of the lab: the message for an unknown field lists them),
//               each text field's choices (the message for a value that is not a choice lists
//               them), each number field's range (the note for a clamped value), every key and
//               string of the seeds, and JSON's own tokens
// The messages are those of src/labs/lab.cpp; if their wording changes, the dictionary gets
// poorer, nothing breaks.
#pragma once
#include <string>

// Writes DIR/*.json seeds (DIR is created) and, unless `dict` is "", the dictionary; the lessons
// are LESSONS/*/lesson.*.md. Returns how many seeds it wrote (0 on an error, said on stderr).
int write_lab_seeds(const std::string& lab, const std::string& dir, const std::string& dict,
                    const std::string& lessons);
