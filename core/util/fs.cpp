#include "core/util/fs.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "core/util/error.hpp"

namespace crochet {
namespace fs = std::filesystem;

bool RealFileSystem::exists(const fs::path& path) const {
  std::error_code ec;
  return fs::exists(path, ec);
}

bool RealFileSystem::is_directory(const fs::path& path) const {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

std::string RealFileSystem::read(const fs::path& path) const {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad())
    throw Error("cannot read " + path.string());
  return std::move(buffer).str();
}

void RealFileSystem::write_atomic(const fs::path& path, std::string_view content) {
  const fs::path temp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temp, ignored);
      throw Error("cannot write " + path.string());
    }
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw Error("cannot write " + path.string() + ": " + ec.message());
  }
}

void RealFileSystem::create_directories(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec)
    throw Error("cannot create directory " + path.string() + ": " + ec.message());
}

std::vector<std::string> RealFileSystem::list_files(const fs::path& root,
                                                    std::string_view suffix) const {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    return out;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec)
    throw Error("cannot list " + root.string() + ": " + ec.message());
  for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
    if (ec)
      throw Error("cannot list " + root.string() + ": " + ec.message());
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (name.starts_with('.') || name == "__pycache__")
        it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || !name.ends_with(suffix))
      continue;
    out.push_back(fs::relative(it->path(), root).generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace crochet
