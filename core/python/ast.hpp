#pragma once
// The module syntax of a Python file, reduced to what neomodel model files are made of.
// Statements the model reader does not need (loops, with, match, ...) are kept only as
// `Other` with their location; expressions outside the supported subset become `Unresolved`
// with their source text, so nothing is ever silently guessed.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/python/node_pool.hpp"
#include "core/util/compact_vector.hpp"
#include "core/util/small_vector.hpp"
#include "core/util/text_store.hpp"

namespace crochet::py {

struct Location {
  std::uint32_t line = 0;   // 1-based
  std::uint32_t column = 0; // 1-based, in code points
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind : std::uint8_t {
  Name,      // text = identifier
  Attribute, // object.text
  Call,      // object(args..., keywords...)
  String,    // text = decoded value (bytes literals decoded as Latin-1); `fstring`: see below
  Integer,   // text = literal as written without '_' (decimal, 0x, 0o, 0b); value() = parsed
  Float,     // text = literal as written without '_'
  True,
  False,
  None,
  List,       // items
  Tuple,      // items
  Set,        // items
  Dict,       // items = key0, value0, key1, value1, ... (a `**x` entry has a null key)
  Add,        // items = [left, right]  (string concatenation is folded by the model reader)
  Negate,     // items = [operand]      (-1, -0.5)
  Starred,    // *items[0] or **items[0] inside calls/displays; text = "*" or "**"
  Unresolved, // text = the source text of the expression
};

struct Keyword {
  std::string_view name; // empty for `**kwargs`
  ExprPtr value;
  Location location;
};

// A call's keyword arguments in one block of exactly their number, behind one pointer: only
// calls have them, and every other expression (there are about a million in a large folder) is
// smaller without them inline. The count sits at the head of the block.
class KeywordList {
public:
  using const_iterator = const Keyword*;
  KeywordList() = default;
  // Moves `keywords` into a block of their size (none: no block).
  template <typename Iterator> KeywordList(Iterator first, Iterator last) {
    const auto count = static_cast<std::size_t>(last - first);
    if (count == 0)
      return;
    void* block = ::operator new(kHead + count * sizeof(Keyword));
    ::new (block) std::size_t(count);
    keywords_ = static_cast<Keyword*>(static_cast<void*>(static_cast<char*>(block) + kHead));
    for (std::size_t i = 0; i < count; ++i, ++first)
      ::new (keywords_ + i) Keyword(std::move(*first));
  }
  KeywordList(KeywordList&& other) noexcept : keywords_(std::exchange(other.keywords_, nullptr)) {}
  KeywordList& operator=(KeywordList&& other) noexcept {
    if (this != &other) {
      release();
      keywords_ = std::exchange(other.keywords_, nullptr);
    }
    return *this;
  }
  KeywordList(const KeywordList&) = delete;
  KeywordList& operator=(const KeywordList&) = delete;
  ~KeywordList() { release(); }

  bool empty() const { return keywords_ == nullptr; }
  std::size_t size() const { return keywords_ ? *static_cast<const std::size_t*>(block()) : 0; }
  const Keyword& operator[](std::size_t i) const { return keywords_[i]; }
  const_iterator begin() const { return keywords_; }
  const_iterator end() const { return keywords_ + size(); }
  // Moves the keywords out, leaving the list empty.
  std::vector<Keyword> take() {
    std::vector<Keyword> out(std::make_move_iterator(keywords_),
                             std::make_move_iterator(keywords_ + size()));
    release();
    return out;
  }

private:
  static constexpr std::size_t kHead = alignof(std::max_align_t); // keeps the keywords aligned

  void* block() const { return reinterpret_cast<char*>(keywords_) - kHead; }
  void release() {
    if (!keywords_)
      return;
    std::destroy_n(keywords_, size());
    ::operator delete(block());
    keywords_ = nullptr;
  }

  Keyword* keywords_ = nullptr;
};

struct Expr {
  ExprKind kind = ExprKind::Unresolved;
  // String only: an f-string (or a \N{...} escape), whose value is not its text; `items` are
  // the pieces it is made of (String nodes and field expressions), none when it is opaque.
  bool fstring = false;
  Location location;

  // A view of the parsed source, or of the module's `texts` where the value differs from it.
  std::string_view text() const { return {text_data_, text_size_}; }
  void set_text(std::string_view text) {
    text_data_ = text.data();
    text_size_ = static_cast<std::uint32_t>(text.size()); // sources are far below 4 GiB
  }

private:
  // The text's size fills the gap after `location`: a 56-byte node rather than 64.
  std::uint32_t text_size_ = 0;
  const char* text_data_ = nullptr;

public:
  ExprPtr object;               // Attribute: the base; Call: the callee
  CompactVector<ExprPtr> items; // displays, Call positional arguments, operands
  KeywordList keywords;         // Call only

  // Integer only: the literal's value when it fits a long long (read from `text`, which keeps
  // the node smaller than storing it).
  std::optional<long long> value() const;

  // A large folder has about a million expressions: they come from a pool (node_pool.hpp).
  static void* operator new(std::size_t size) {
    static_assert(alignof(Expr) <= detail::kNodeAlignment);
    return detail::allocate_node(size);
  }
  static void operator delete(void* node, std::size_t size) noexcept {
    detail::free_node(node, size);
  }
};

struct Stmt;
using Block = std::vector<Stmt>;
// An assignment's names: nearly always one, kept in place.
using Targets = SmallVector<std::string_view, 1>;

struct ImportAlias {
  std::string name;  // dotted module for `import`, member name for `from ... import`
  std::string alias; // empty when no `as`
  Location location;
};

enum class StmtKind : std::uint8_t {
  Import,      // import a.b as c, d           -> names
  ImportFrom,  // from ..a import b as c, *    -> module, level, names (star: name == "*")
  Assign,      // targets = value; a: T = value; a: T (value null); augmented assigns are Other
  ClassDef,    // decorators, name, bases, keywords, body
  FunctionDef, // name, body (parsed, so the model reader can warn about hidden properties)
  If,          // blocks[0] = body, blocks[1..] = elif/else bodies in order
  Try,         // blocks = body, each except body, else body, finally body
  Other,       // any other statement (expression statements, pass, loops, with, ...)
};

// What only imports and compound statements have.
struct StmtParts {
  // Import / ImportFrom
  std::string module; // ImportFrom: dotted module after the dots ("" for `from . import x`)
  int level = 0;      // ImportFrom: number of leading dots
  std::vector<ImportAlias> names;
  // ClassDef / FunctionDef
  std::string name;
  std::vector<ExprPtr> decorators;
  std::vector<ExprPtr> bases;
  std::vector<Keyword> keywords;
  // ClassDef / FunctionDef body; If / Try branches
  std::vector<Block> blocks;

  static void* operator new(std::size_t size) {
    static_assert(alignof(StmtParts) <= detail::kNodeAlignment);
    return detail::allocate_node(size);
  }
  static void operator delete(void* node, std::size_t size) noexcept {
    detail::free_node(node, size);
  }
};

// Most statements of a models folder are assignments and docstrings, so the parts only imports
// and compound statements have are kept apart: a Stmt is a quarter of the size it would be with
// them inline, and a large folder has a quarter of a million statements.
struct Stmt {
  StmtKind kind = StmtKind::Other;
  Location location;
  std::uint32_t end_line = 0; // last line of the statement, its block included
  // Assign: simple targets only (`a = b = 1` gives ["a", "b"]); tuple/attribute/subscript targets
  // make the statement Other.
  Targets targets;
  ExprPtr annotation; // Assign with annotation
  ExprPtr value;      // Assign value, may be null for a bare annotation

  // The parts of an import or compound statement; empty for any other.
  const std::string& module() const { return parts().module; }
  int level() const { return parts().level; }
  const std::vector<ImportAlias>& names() const { return parts().names; }
  const std::string& name() const { return parts().name; }
  const std::vector<ExprPtr>& decorators() const { return parts().decorators; }
  const std::vector<ExprPtr>& bases() const { return parts().bases; }
  const std::vector<Keyword>& keywords() const { return parts().keywords; }
  const std::vector<Block>& blocks() const { return parts().blocks; }
  const StmtParts& parts() const;
  // The parts to fill in, made on first use (the parser's).
  StmtParts& edit_parts() {
    if (!parts_)
      parts_.reset(new StmtParts);
    return *parts_;
  }

private:
  std::unique_ptr<StmtParts> parts_;
};

inline const StmtParts& Stmt::parts() const {
  static const StmtParts none;
  return parts_ ? *parts_ : none;
}

// The texts of its expressions are views of the source it was parsed from, which must outlive it,
// or of `texts`.
struct Module {
  std::string path; // as given to the parser
  Block body;
  TextStore texts; // the expression texts that are not in the source as they are
};

} // namespace crochet::py
