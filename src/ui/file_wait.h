// The panel a lab draws while its data files load, or after one failed: the loading line, or the
// reason in vermillion and a Retry button that fetches the file again.
#pragma once
#include "data/files.h"

namespace ui {

// `failed` is a format that may name the file (%s); the reason is shown below it.
void file_wait(data::FileWait& wait, const char* loading, const char* failed, const char* retry);

}  // namespace ui
