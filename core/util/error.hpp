#pragma once
// Errors are thrown once, where the problem is found, and caught in main, which prints one
// clear sentence plus an optional hint and maps the error to an exit code.
#include <stdexcept>
#include <string>

namespace crochet {

class Error : public std::runtime_error {
public:
  explicit Error(std::string message, std::string hint = {}, int exit_code = 1)
      : std::runtime_error(std::move(message)), hint_(std::move(hint)), exit_code_(exit_code) {}

  const std::string& hint() const { return hint_; }
  int exit_code() const { return exit_code_; }

private:
  std::string hint_;
  int exit_code_;
};

} // namespace crochet
