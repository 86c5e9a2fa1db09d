#pragma once
// SHA-256 through OpenSSL's libcrypto. Incremental, so large files stream through it.
#include <memory>
#include <string>
#include <string_view>

namespace crochet {

class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  std::string hex_digest(); // lowercase hex; the hasher cannot be updated afterwards

private:
  struct Context;
  std::unique_ptr<Context> context_;
};

std::string sha256_hex(std::string_view bytes);

} // namespace crochet
