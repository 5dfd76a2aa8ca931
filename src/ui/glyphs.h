// More characters for a lab's text. The labs' own words are always drawable (their characters are
// cut into the built-in font), but text from a data set is not: 2,800 characters of Tang poems
// would triple the page for every learner. So a data converter also writes a glyph file for its
// text (data/fortunes.py: zh-poems.ttf), and a lab that draws that text asks for it here. The
// window front end (src/app/gui.cpp) fetches it as a data file and merges it into the font atlas
// between frames; until then those characters show as '?'. Headless front ends ignore it.
#pragma once
#include <string>
#include <vector>

namespace ui {

void want_glyphs(const std::string& font_file);   // cheap: call it every frame the text shows
const std::vector<std::string>& wanted_glyphs();  // the files asked for, in order

}  // namespace ui
