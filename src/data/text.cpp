#include "data/text.h"

#include <algorithm>
#include <stdexcept>

#include "data/utf8.h"

namespace data {

const std::string& tiny_text() {
  static const std::string text =
      "A neural network is a machine for bending lines. You give it numbers, it multiplies them by\n"
      "weights, adds a bias, and squashes the result through a curve. Then it does the same again.\n"
      "At first the weights are random and the answers are wrong. The network measures how wrong\n"
      "it is with a loss, a single number that is small when the answers are good and large when\n"
      "they are bad. Then comes the clever part. For every weight, the network asks how the loss\n"
      "would change if that weight moved a little. The answer is the gradient, and the chain rule\n"
      "computes it for every weight at once, walking backwards from the loss to the inputs. Each\n"
      "step of the walk is small: a product here, a sum there, a derivative of a curve. Put\n"
      "together, they tell each weight which way to move. The network moves every weight a little\n"
      "against its gradient, and the loss goes down. Do this many times and the lines bend into\n"
      "the shape of the data.\n"
      "\n"
      "A language model plays a guessing game. It reads a text one character at a time and tries\n"
      "to guess the next one. After the letters t and h, an e is a good guess. After a full stop,\n"
      "a space is a good guess, and after the space a capital letter. The model keeps a memory of\n"
      "what it has read, a vector called the hidden state, and updates it with every character.\n"
      "A plain recurrent network forgets quickly, because its gradient shrinks a little at every\n"
      "step backwards in time. The long short-term memory adds a cell that carries information\n"
      "forward, and gates that decide what to write, what to keep and what to read. The forget\n"
      "gate starts open, so the cell remembers by default. With these gates the gradient can\n"
      "travel far back in time, and the model learns that a quote that opens must also close.\n"
      "\n"
      "Attention takes another road. Instead of squeezing the past into one state, every token\n"
      "looks back at every earlier token and decides how much each one matters. It asks a\n"
      "question, the query, and compares it with a label on each earlier token, the key. The\n"
      "better the match, the more of that token's value it takes. A softmax turns the matches\n"
      "into weights that sum to one. Stack a few of these layers with small networks in between,\n"
      "add a normalisation and a shortcut around each part, and you have a transformer.\n"
      "\n"
      "None of this is magic. It is arithmetic, done many times, checked carefully. When a\n"
      "gradient is wrong, the network still trains, only worse, and nobody notices. So we check\n"
      "every gradient against a slow and simple estimate: nudge a weight up, nudge it down, and\n"
      "see how the loss changes. If the two numbers agree, we trust the fast one. If they do not,\n"
      "we look for the bug before we look at the results. The same care applies to randomness.\n"
      "Every random number comes from a generator with a seed, so a run can be repeated exactly,\n"
      "in a browser or on a desktop, today or next year. A teacher can show the same curve to a\n"
      "class that a student saw at home, and a test can demand the same numbers every time.\n"
      "\n"
      "Learning rates deserve respect. Too small and the loss crawls; too large and it jumps\n"
      "about, or explodes into numbers that are not numbers at all. When that happens, look for\n"
      "the first value that went bad, not the last. A logarithm of zero, an exponential of a\n"
      "large number, a division by a tiny variance: the trouble starts in one place and spreads\n"
      "everywhere. Find the place, and the fix is usually one line.\n";
  return text;
}

std::vector<char32_t> code_points(const std::string& utf8) {
  const std::string clean = utf8_clean(utf8);  // every sequence below is well formed
  std::vector<char32_t> out;
  out.reserve(clean.size());
  for (size_t i = 0; i < clean.size();) {
    const unsigned b = static_cast<unsigned char>(clean[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (int k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(clean[i + size_t(k)]) & 0x3Fu);
    out.push_back(c);
    i += size_t(n);
  }
  return out;
}

std::string utf8_of(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += char(c);
  } else if (c < 0x800) {
    s += char(0xC0 | (c >> 6));
    s += char(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += char(0xE0 | (c >> 12));
    s += char(0x80 | ((c >> 6) & 0x3F));
    s += char(0x80 | (c & 0x3F));
  } else {
    s += char(0xF0 | (c >> 18));
    s += char(0x80 | ((c >> 12) & 0x3F));
    s += char(0x80 | ((c >> 6) & 0x3F));
    s += char(0x80 | (c & 0x3F));
  }
  return s;
}

CharVocab::CharVocab(const std::string& text) : chars(code_points(text)) {
  std::sort(chars.begin(), chars.end());
  chars.erase(std::unique(chars.begin(), chars.end()), chars.end());
}

int CharVocab::id(char32_t c) const {
  auto it = std::lower_bound(chars.begin(), chars.end(), c);
  return it != chars.end() && *it == c ? int(it - chars.begin()) : -1;
}

std::vector<int> CharVocab::encode(const std::string& s) const {
  std::vector<int> ids;
  ids.reserve(s.size());
  for (char32_t c : code_points(s)) {
    const int i = id(c);
    if (i < 0) throw std::invalid_argument("vocab: unknown character '" + utf8_of(c) + "'");
    ids.push_back(i);
  }
  return ids;
}

std::string CharVocab::decode(const std::vector<int>& ids) const {
  std::string s;
  for (int i : ids) s += piece(i);
  return s;
}

}  // namespace data
