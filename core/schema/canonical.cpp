// The canonical form of the schema IR and its hash.
//
// The hash covers what the graph must look like, not how the Python spells it. Dropped from the
// JSON form of json.hpp: other_options (recorded, schema-irrelevant), the sync/async base and the
// semi-structured flag (no effect on the graph), a relationship target's spelling ("Person" vs
// "app.models.Person") once its kgid is known, and a relationship model's rel_types (a summary of
// the relationship definitions that name the model, which are hashed, as are the objects derived
// from it). The diff ignores exactly the same fields, so equal hashes mean an empty diff.
//
// canonical_json() writes those bytes directly: keys in bytewise order (the order nlohmann::json's
// std::map gives the reference form), no whitespace, UTF-8 unescaped. Literals inside values and
// any string that needs escaping or UTF-8 validation go through nlohmann's own serializer, so
// numbers, escapes and the invalid-UTF-8 error are the reference form's by construction.
#include "core/schema/canonical.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <future>
#include <initializer_list>
#include <string_view>
#include <system_error>

#include "core/schema/json.hpp"
#include "core/util/error.hpp"
#include "core/util/ordered_pieces.hpp"
#include "core/util/sha256.hpp"
#include "core/util/text_cursor.hpp"
#include "core/util/worker_pool.hpp"

namespace crochet::schema {
namespace {

[[noreturn]] void not_utf8(const Json::type_error& error) {
  throw Error(std::string("cannot serialize the schema: ") + error.what(),
              "a name or literal in the models is not valid UTF-8");
}

// ---- the reference form: a JSON tree, trimmed and dumped ----------------------------------

void strip_presentation(Json& properties) {
  for (auto& property : properties)
    property.erase("other_options");
}

Json canonical_tree(const Schema& schema) {
  Schema sorted = schema;
  normalize(sorted);
  Json json = to_json(sorted);
  for (auto& node : json["nodes"]) {
    node.erase("async");
    node.erase("semi_structured");
    strip_presentation(node["properties"]);
    for (auto& relationship : node["relationships"])
      if (!relationship["target_kgid"].get<std::string>().empty())
        relationship.erase("target_class");
  }
  for (auto& model : json["relationships"]) {
    model.erase("rel_types");
    strip_presentation(model["properties"]);
  }
  return json;
}

// ---- the direct writer --------------------------------------------------------------------

// True when `text` can stand between quotes as it is: printable ASCII other than '"' and '\\'.
// Eight bytes at a time (these tests are exact, see "Bit Twiddling Hacks": haszero, hasless).
bool is_plain(std::string_view text) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  auto has_byte_below = [](std::uint64_t w, std::uint64_t n) {
    return (w - ones * n) & ~w & highs;
  };
  auto has_byte = [](std::uint64_t w, std::uint64_t c) {
    const std::uint64_t x = w ^ (ones * c);
    return (x - ones) & ~x & highs;
  };
  const char* p = text.data();
  const char* const end = p + text.size();
  for (; end - p >= 8; p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    if ((w & highs) | has_byte_below(w, 0x20) | has_byte(w, '"') | has_byte(w, '\\') |
        has_byte(w, 0x7f))
      return false;
  }
  for (; p < end; ++p) {
    const auto byte = static_cast<unsigned char>(*p);
    if (byte < 0x20 || byte >= 0x7f || byte == '"' || byte == '\\')
      return false;
  }
  return true;
}

// The document's three arrays, in key order.
enum class Section { nodes, objects, relationships };

// A stretch of the document: items [begin, end) of one section, with the section's opening
// when begin is 0 and its closing when end is the section's size. Pieces that cover every
// section in order make the whole document.
struct Piece {
  Section section;
  std::size_t begin;
  std::size_t end;
};

std::size_t section_size(const Schema& schema, Section section) {
  switch (section) {
  case Section::nodes:
    return schema.nodes.size();
  case Section::objects:
    return schema.objects.size();
  case Section::relationships:
    return schema.relationships.size();
  }
  return 0;
}

// `sections` of the document cut into pieces of about `nodes_per_piece` nodes or models, or
// eight times as many objects (an object's text is about an eighth of a node's). Every section
// has a piece, so its brackets are written even when it is empty.
std::vector<Piece> cut(const Schema& schema, std::initializer_list<Section> sections,
                       std::size_t nodes_per_piece) {
  std::vector<Piece> pieces;
  for (Section section : sections) {
    const std::size_t size = section_size(schema, section);
    const std::size_t step = section == Section::objects ? 8 * nodes_per_piece : nodes_per_piece;
    std::size_t begin = 0;
    do {
      const std::size_t end = std::min(size, begin + step);
      pieces.push_back({section, begin, end});
      begin = end;
    } while (begin < size);
  }
  return pieces;
}

// Writes into `out`; with a `sink`, hands the text over in chunks as it goes (after each node,
// model or object), so hashing a large schema never holds its whole text.
class CanonicalWriter {
public:
  CanonicalWriter(std::string& out, Sha256* sink)
      : out_(out), sink_(sink),
        json_(nlohmann::detail::output_adapter<char, std::string>(json_text_), ' ') {}

  void schema(const Schema& schema) {
    for (Section section : {Section::nodes, Section::objects, Section::relationships})
      piece(schema, {section, 0, section_size(schema, section)});
  }

  void piece(const Schema& schema, const Piece& piece) {
    switch (piece.section) {
    case Section::nodes:
      if (piece.begin == 0) {
        out_.put("{\"ir_version\":");
        integer(ir_version);
        out_.put(",\"nodes\":[");
      }
      items(schema.nodes, piece, [this](const Node& n) { node(n); });
      break;
    case Section::objects:
      if (piece.begin == 0)
        out_.put(",\"objects\":[");
      items(schema.objects, piece, [this](const SchemaObject& o) { object(o); });
      break;
    case Section::relationships:
      if (piece.begin == 0)
        out_.put(",\"relationships\":[");
      items(schema.relationships, piece, [this](const RelationshipModel& m) { model(m); });
      if (piece.end == schema.relationships.size())
        out_.put('}');
      break;
    }
  }

  static constexpr std::size_t kChunk = 64 * 1024;

private:
  // The piece's items, each preceded by a comma but the section's first, and the section's
  // closing bracket when the piece ends it.
  template <typename T, typename Write>
  void items(const std::vector<T>& all, const Piece& piece, Write write) {
    for (std::size_t i = piece.begin; i < piece.end; ++i) {
      if (i)
        out_.put(',');
      write(all[i]);
      flush_if_full();
    }
    if (piece.end == all.size())
      out_.put(']');
  }

  void flush_if_full() {
    if (sink_ && out_.size() >= kChunk) {
      sink_->update(out_.written());
      out_.rewind();
    }
  }

  // Writes the separator before a key unless it is the object's first, then the key.
  class Fields {
  public:
    explicit Fields(TextCursor& out) : out_(out) { out_.put('{'); }
    ~Fields() { out_.put('}'); }
    Fields(const Fields&) = delete;
    Fields& operator=(const Fields&) = delete;
    // `key` is the quoted key with its colon, e.g. "\"name\":".
    void key(std::string_view key) {
      if (!first_)
        out_.put(',');
      first_ = false;
      out_.put(key);
    }

  private:
    TextCursor& out_;
    bool first_ = true;
  };

  template <typename T, typename Write> void array(const std::vector<T>& items, Write write) {
    out_.put('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i)
        out_.put(',');
      write(items[i]);
    }
    out_.put(']');
  }

  void strings(const std::vector<std::string>& items) {
    array(items, [this](const std::string& s) { string(s); });
  }

  void string(std::string_view text) {
    if (!is_plain(text)) {
      // Escapes and non-ASCII (which must be checked for valid UTF-8): nlohmann's rules.
      json_.dump(Json(text), false, false, 0);
      put_json_text();
      return;
    }
    out_.put_quoted(text);
  }

  void integer(long long value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.put(std::string_view(buffer, static_cast<std::size_t>(result.ptr - buffer)));
  }

  void put_json_text() {
    out_.put(json_text_);
    json_text_.clear();
  }

  void boolean(bool value) { out_.put(value ? "true" : "false"); }

  // Most defaults are booleans, integers or short strings, written here as nlohmann writes them;
  // floats (shortest round-trip digits), arrays and objects go through its serializer.
  void literal(const Json& json) {
    switch (json.type()) {
    case Json::value_t::boolean:
      return boolean(json.get<bool>());
    case Json::value_t::number_integer:
      return integer(json.get<long long>());
    case Json::value_t::string:
      return string(json.get_ref<const std::string&>());
    default:
      json_.dump(json, false, false, 0);
      put_json_text();
    }
  }

  void value(const Value& v) {
    switch (v.kind) {
    case Value::Kind::literal:
      out_.put("{\"literal\":");
      literal(v.literal);
      out_.put('}');
      return;
    case Value::Kind::callable:
      out_.put("{\"callable\":");
      break;
    case Value::Kind::unresolved:
      out_.put("{\"unresolved\":");
      break;
    }
    string(v.text);
    out_.put('}');
  }

  void fulltext(const FulltextIndex& index) {
    out_.put("{\"analyzer\":");
    string(index.analyzer);
    out_.put(",\"eventually_consistent\":");
    boolean(index.eventually_consistent);
    out_.put('}');
  }

  void vector(const VectorIndex& index) {
    out_.put("{\"dimensions\":");
    integer(index.dimensions);
    out_.put(",\"similarity_function\":");
    string(index.similarity_function);
    out_.put('}');
  }

  void property(const Property& p) {
    Fields f(out_);
    if (!p.alias_of.empty()) {
      f.key("\"alias_of\":");
      string(p.alias_of);
    }
    if (p.choices) {
      f.key("\"choices\":");
      value(*p.choices);
    }
    if (p.crs) {
      f.key("\"crs\":");
      string(*p.crs);
    }
    f.key("\"db_property\":");
    string(p.db_property);
    if (!p.declared_type.empty()) {
      f.key("\"declared_type\":");
      string(p.declared_type);
    }
    if (p.default_value) {
      f.key("\"default\":");
      value(*p.default_value);
    }
    if (p.fulltext_index) {
      f.key("\"fulltext_index\":");
      fulltext(*p.fulltext_index);
    }
    if (p.index)
      f.key("\"index\":true");
    if (p.item_type) {
      f.key("\"item_type\":");
      string(*p.item_type);
    }
    if (p.max_length) {
      f.key("\"max_length\":");
      integer(*p.max_length);
    }
    f.key("\"name\":");
    string(p.name);
    if (p.required)
      f.key("\"required\":true");
    f.key("\"type\":");
    string(p.type);
    if (p.unique_index)
      f.key("\"unique_index\":true");
    if (p.vector_index) {
      f.key("\"vector_index\":");
      vector(*p.vector_index);
    }
  }

  void relationship(const RelationshipDef& r) {
    Fields f(out_);
    f.key("\"cardinality\":");
    string(r.cardinality);
    f.key("\"direction\":");
    string(to_string(r.direction));
    if (!r.model_class.empty()) {
      f.key("\"model_class\":");
      string(r.model_class);
    }
    if (!r.model_kgid.empty()) {
      f.key("\"model_kgid\":");
      string(r.model_kgid);
    }
    f.key("\"name\":");
    string(r.name);
    f.key("\"rel_type\":");
    string(r.rel_type);
    if (!r.rel_type_resolved)
      f.key("\"rel_type_resolved\":false");
    if (r.target_kgid.empty()) {
      f.key("\"target_class\":");
      string(r.target_class);
    }
    f.key("\"target_kgid\":");
    string(r.target_kgid);
  }

  void node(const Node& n) {
    Fields f(out_);
    f.key("\"class_name\":");
    string(n.class_name);
    f.key("\"kgid\":");
    string(n.kgid);
    f.key("\"label\":");
    string(n.label);
    f.key("\"labels\":");
    strings(n.labels);
    if (!n.optional_labels.empty()) {
      f.key("\"optional_labels\":");
      strings(n.optional_labels);
    }
    f.key("\"properties\":");
    array(n.properties, [this](const Property& p) { property(p); });
    f.key("\"relationships\":");
    array(n.relationships, [this](const RelationshipDef& r) { relationship(r); });
  }

  void model(const RelationshipModel& m) {
    Fields f(out_);
    f.key("\"class_name\":");
    string(m.class_name);
    f.key("\"kgid\":");
    string(m.kgid);
    f.key("\"properties\":");
    array(m.properties, [this](const Property& p) { property(p); });
  }

  void object(const SchemaObject& o) {
    Fields f(out_);
    f.key("\"entity\":");
    string(to_string(o.entity));
    if (o.fulltext) {
      f.key("\"fulltext\":");
      fulltext(*o.fulltext);
    }
    f.key("\"kind\":");
    string(to_string(o.kind));
    f.key("\"label\":");
    string(o.label);
    f.key("\"name\":");
    string(o.name);
    f.key("\"owner_kgid\":");
    string(o.owner_kgid);
    f.key("\"property\":");
    string(o.property);
    if (o.vector) {
      f.key("\"vector\":");
      vector(*o.vector);
    }
  }

  TextCursor out_;
  Sha256* sink_;
  std::string json_text_;                   // what json_ writes, then copied to out_
  nlohmann::detail::serializer<Json> json_; // for literals and escapes
};

// Calls write(normalized) with `schema` itself when it is normalized, else with a sorted copy.
template <typename Write>
auto with_normalized(const Schema& schema, bool known_normalized, Write write) {
  assert(!known_normalized || is_normalized(schema));
  if (known_normalized || is_normalized(schema))
    return write(schema);
  Schema sorted = schema;
  normalize(sorted);
  return write(sorted);
}

// Below this many nodes and models (objects counted an eighth each), one thread hashes faster
// than a pool starts; above it, writing the text is most of the time and splits well.
constexpr std::size_t kPooledHashItems = 2048;
constexpr std::size_t kNodesPerPiece = 64; // about 64 KiB of text

// Feeds the canonical text of `sections` of a normalized schema to `hasher`, written in pieces
// on a pool.
void hash_sections(const Schema& schema, std::initializer_list<Section> sections, Sha256& hasher) {
  const std::vector<Piece> pieces = cut(schema, sections, kNodesPerPiece);
  WorkerPool pool(useful_threads(pieces.size()));
  write_in_order(
      pool, pieces.size(),
      [&](std::size_t i, std::string& text) {
        CanonicalWriter(text, nullptr).piece(schema, pieces[i]);
      },
      [&](std::string_view text) { hasher.update(text); });
}

std::size_t hash_items(const Schema& schema) {
  return schema.nodes.size() + schema.relationships.size() + schema.objects.size() / 8;
}

// The SHA-256 of the canonical text of a normalized schema.
std::string digest(const Schema& schema) {
  Sha256 hasher;
  if (hash_items(schema) < kPooledHashItems) {
    std::string buffer;
    buffer.reserve(CanonicalWriter::kChunk + 16 * 1024);
    CanonicalWriter(buffer, &hasher).schema(schema);
    hasher.update(buffer);
    return hasher.hex_digest();
  }
  hash_sections(schema, {Section::nodes, Section::objects, Section::relationships}, hasher);
  return hasher.hex_digest();
}

} // namespace

std::string canonical_json_reference(const Schema& schema) {
  // nlohmann::json stores objects in a std::map, so keys come out sorted bytewise; indent -1
  // writes no whitespace and ensure_ascii=false keeps UTF-8 as is.
  try {
    return canonical_tree(schema).dump(-1, ' ', false);
  } catch (const Json::type_error& error) {
    not_utf8(error);
  }
}

std::string canonical_json(const Schema& schema) {
  try {
    return with_normalized(schema, false, [](const Schema& normalized) {
      std::string out;
      out.reserve(4096);
      CanonicalWriter(out, nullptr).schema(normalized);
      return out;
    });
  } catch (const Json::type_error& error) {
    not_utf8(error);
  }
}

namespace {

std::string hash_of(const Schema& schema, bool known_normalized) {
  // The same bytes as canonical_json(), streamed through the hasher.
  try {
    return "sha256:" + with_normalized(schema, known_normalized, digest);
  } catch (const Json::type_error& error) {
    not_utf8(error);
  }
}

} // namespace

std::string schema_hash(const Schema& schema) {
  return hash_of(schema, false);
}

std::string normalized_schema_hash(const Schema& schema) {
  return hash_of(schema, true);
}

// The nodes come first in the text, so their part of the hash is taken on its own thread; the
// objects and relationship models follow in finish(). A schema too small for the pool is hashed
// whole in finish(), as normalized_schema_hash() hashes it.
struct StagedSchemaHash::Nodes {
  Sha256 hasher;
  std::future<void> done;
};

StagedSchemaHash::StagedSchemaHash(const Schema& schema) : schema_(schema) {
  if (schema.nodes.size() < kPooledHashItems)
    return;
  nodes_ = std::make_unique<Nodes>();
  try {
    nodes_->done = std::async(std::launch::async,
                              [this] { hash_sections(schema_, {Section::nodes}, nodes_->hasher); });
  } catch (const std::system_error&) {
    nodes_.reset(); // no thread to be had: hashed whole in finish(), as a worker pool carries on
  }
}

StagedSchemaHash::~StagedSchemaHash() {
  if (nodes_ && nodes_->done.valid())
    nodes_->done.wait(); // the thread reads schema_: it must end before the caller frees it
}

std::string StagedSchemaHash::finish() {
  if (!nodes_)
    return normalized_schema_hash(schema_);
  try {
    nodes_->done.get();
    assert(is_normalized(schema_));
    hash_sections(schema_, {Section::objects, Section::relationships}, nodes_->hasher);
  } catch (const Json::type_error& error) {
    not_utf8(error);
  }
  return "sha256:" + nodes_->hasher.hex_digest();
}

} // namespace crochet::schema
