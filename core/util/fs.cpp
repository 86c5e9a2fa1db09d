#include "core/util/fs.hpp"

#include <algorithm>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
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
  // Plain POSIX reads straight into the string: model folders hold thousands of files.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  struct Closer {
    int handle;
    ~Closer() { ::close(handle); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0)
    throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::string out;
  // A regular file is read to the size fstat gave, as git reads blobs from the work tree: no
  // second read() to meet the end of the file, which would be half the reads of a large folder
  // (each system call is costly on a virtual machine). A size of 0 may be a pseudo file whose
  // size is unknown: it is read until the end.
  const std::size_t size = info.st_size > 0 ? static_cast<std::size_t>(info.st_size) : 0;
  const bool sized = S_ISREG(info.st_mode) && size > 0;
  out.resize(sized ? size : 4096);
  std::size_t used = 0;
  while (!sized || used < size) {
    if (used == out.size())
      out.resize(out.size() * 2);
    const ssize_t got = ::read(fd, out.data() + used, out.size() - used);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    if (got == 0)
      break; // the file shrank since fstat, or a pseudo file ended
    used += static_cast<std::size_t>(got);
  }
  out.resize(used);
  return out;
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
    // The iterator's paths are `root` joined with real (unfollowed) directory names, so the
    // relative path is lexical; only a symlinked file needs fs::relative's resolution.
    out.push_back(
        (it->is_symlink(ec) ? fs::relative(it->path(), root) : it->path().lexically_relative(root))
            .generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace crochet
