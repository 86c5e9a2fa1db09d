#include "core/util/fs.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/util/error.hpp"

namespace crochet {
namespace {

namespace fs = std::filesystem;

class RealFileSystemRead : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "crochet-fs-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  fs::path dir_;
  RealFileSystem files_;
};

TEST_F(RealFileSystemRead, ReadsRegularFilesWhole) {
  EXPECT_EQ(files_.read(write("empty.py", "")), "");
  EXPECT_EQ(files_.read(write("one.py", "x")), "x");
  const std::string bytes("class A:\n    pass\n\0\xff\n", 20);
  EXPECT_EQ(files_.read(write("binary.py", bytes)), bytes);
  std::string large(3 * 1024 * 1024 + 17, 'a');
  for (std::size_t i = 0; i < large.size(); i += 4093)
    large[i] = static_cast<char>('0' + i % 10);
  EXPECT_EQ(files_.read(write("large.py", large)), large);
}

TEST_F(RealFileSystemRead, ReadsAFileWhoseSizeIsUnknownToTheEnd) {
  // Pseudo files report a size of 0 and still have content; this one is tens of KiB, past the
  // first buffer's 4 KiB.
  const std::string text = files_.read("/proc/self/smaps");
  EXPECT_GT(text.size(), 4096u);
  EXPECT_NE(text.find("Rss:"), std::string::npos);
  EXPECT_EQ(text.back(), '\n') << "read to the end";
}

TEST_F(RealFileSystemRead, AMissingFileIsAnErrorNamingIt) {
  const fs::path missing = dir_ / "missing.py";
  try {
    files_.read(missing);
    FAIL() << "read a missing file";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace crochet
