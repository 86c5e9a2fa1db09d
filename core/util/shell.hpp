#pragma once
// Text for a command line people copy: words quoted for the shell only when they must be.
#include <string>
#include <string_view>

namespace crochet {

// `text` as one shell word: as it is when it holds only letters, digits and _-./ (so usual
// folder names read as typed), else in single quotes.
std::string shell_word(std::string_view text);

} // namespace crochet
