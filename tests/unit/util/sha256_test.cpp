#include "core/util/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace crochet {
namespace {

// FIPS 180-2 examples: every schema hash and gate cache key rests on these.
TEST(Sha256, KnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, StreamedInPiecesEqualsOneCall) {
  const std::string million(1'000'000, 'a');
  Sha256 hasher;
  for (std::size_t at = 0; at < million.size(); at += 999)
    hasher.update(std::string_view(million).substr(at, 999));
  const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  EXPECT_EQ(hasher.hex_digest(), expected);
  EXPECT_EQ(sha256_hex(million), expected);
}

TEST(Sha256, EmptyUpdatesChangeNothing) {
  Sha256 hasher;
  hasher.update("");
  hasher.update("ab");
  hasher.update("");
  hasher.update("c");
  EXPECT_EQ(hasher.hex_digest(), sha256_hex("abc"));
}

} // namespace
} // namespace crochet
