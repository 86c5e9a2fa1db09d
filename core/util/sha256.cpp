#include "core/util/sha256.hpp"

// OpenSSL 3 deprecates the SHA256_* functions in favour of EVP, but EVP's first digest fetches
// the default provider and reads the configuration, about 2.4 ms per process: a tenth of a
// commit hook's whole budget. The low-level functions run the same assembly without that.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include "core/util/error.hpp"

namespace crochet {

struct Sha256::Context {
  SHA256_CTX state;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  if (SHA256_Init(&context_->state) != 1)
    throw Error("cannot initialise SHA-256 (OpenSSL)");
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  if (SHA256_Update(&context_->state, bytes.data(), bytes.size()) != 1)
    throw Error("SHA-256 update failed (OpenSSL)");
}

std::string Sha256::hex_digest() {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  constexpr unsigned int length = SHA256_DIGEST_LENGTH;
  if (SHA256_Final(digest, &context_->state) != 1)
    throw Error("SHA-256 finalisation failed (OpenSSL)");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0F];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hasher;
  hasher.update(bytes);
  return hasher.hex_digest();
}

} // namespace crochet
