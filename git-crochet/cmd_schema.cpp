// git crochet schema [REV] [--staged] [--json | --hash]: the schema IR the models define (work
// tree by default, or at a commit, or in the index), and its hash.
#include <future>
#include <iostream>

#include "core/history/context.hpp"

#include "core/schema/ir.hpp"
#include "core/util/keep_until_exit.hpp"
#include "core/util/text_cursor.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

// Appends "  name: Type[Item] (flag, flag, ...)" and a newline.
void append_property(TextCursor& out, const schema::Property& p) {
  out.put("  ");
  out.put(p.name);
  out.put(": ");
  out.put(p.declared_type.empty() ? p.type : p.declared_type);
  if (p.item_type) {
    out.put('[');
    out.put(*p.item_type);
    out.put(']');
  }
  bool first = true;
  auto flag = [&](std::string_view text) -> TextCursor& {
    out.put(first ? " (" : ", ");
    out.put(text);
    first = false;
    return out;
  };
  if (!p.alias_of.empty())
    flag("alias of ").put(p.alias_of);
  if (p.required)
    flag("required");
  if (p.unique_index)
    flag("unique");
  if (p.index)
    flag("index");
  if (p.fulltext_index)
    flag("fulltext");
  if (p.vector_index)
    flag("vector(").put(std::to_string(p.vector_index->dimensions) + ")");
  if (p.db_property != p.name)
    flag("stored as ").put(p.db_property);
  if (p.default_value)
    flag("default");
  if (p.choices)
    flag(p.choices->kind == schema::Value::Kind::unresolved ? "choices unresolved" : "choices");
  // Options that cannot be known statically, so the listing never passes them off as absent.
  for (const auto& [option, value] : p.other_options)
    if (value.kind == schema::Value::Kind::unresolved) {
      flag(option).put(" unresolved: ");
      out.put(value.text);
    }
  out.put(first ? "\n" : ")\n");
}

// Written in pieces of about 64 KiB: a large schema is hundreds of thousands of lines, too many
// to write one by one, and tens of megabytes, too many to build whole (fresh memory is slow).
class PieceWriter {
public:
  TextCursor& out() { return out_; }
  // Call between lines.
  void maybe_flush() {
    if (out_.size() >= kPiece)
      flush();
  }
  void flush() {
    const std::string_view text = out_.written();
    std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
    out_.rewind();
  }

private:
  static constexpr std::size_t kPiece = 64 * 1024;
  std::string text_;
  TextCursor out_{text_}; // after text_, which it writes into
};

// The listing, then `hash` (of s), which may still be being computed.
void print_text(const Globals& g, const schema::Schema& s, std::future<std::string> hash) {
  PieceWriter writer;
  TextCursor& out = writer.out();
  for (const schema::Node& node : s.nodes) {
    writer.maybe_flush();
    out.put(paint(g, "1", "node " + node.class_name));
    out.put(' ');
    for (const auto& l : node.labels) {
      out.put(':');
      out.put(l);
    }
    if (!node.optional_labels.empty()) {
      out.put(" (optional");
      for (const auto& l : node.optional_labels) {
        out.put(" :");
        out.put(l);
      }
      out.put(')');
    }
    out.put("  [");
    out.put(node.kgid);
    out.put("]\n");
    for (const auto& p : node.properties)
      append_property(out, p);
    for (const auto& r : node.relationships) {
      const char* arrow = r.direction == schema::Direction::outgoing   ? "-[:"
                          : r.direction == schema::Direction::incoming ? "<-[:"
                                                                       : "-[:";
      const char* tail = r.direction == schema::Direction::outgoing ? "]->" : "]-";
      out.put("  ");
      out.put(r.name);
      out.put(": ");
      out.put(arrow);
      if (!r.rel_type_resolved)
        out.put("? unresolved: "); // the text as written, not a type the graph will have
      out.put(r.rel_type);
      out.put(tail);
      out.put(r.target_class);
      out.put(" (");
      out.put(r.cardinality);
      out.put(")\n");
    }
  }
  for (const schema::RelationshipModel& model : s.relationships) {
    writer.maybe_flush();
    out.put(paint(g, "1", "relationship " + model.class_name));
    out.put("  [");
    out.put(model.kgid);
    out.put(']');
    for (const auto& t : model.rel_types) {
      out.put(" :");
      out.put(t);
    }
    out.put('\n');
    for (const auto& p : model.properties)
      append_property(out, p);
  }
  if (!s.objects.empty()) {
    out.put(paint(g, "1", "constraints and indexes"));
    out.put('\n');
    for (const auto& o : s.objects) {
      writer.maybe_flush();
      out.put("  ");
      out.put(o.name);
      out.put(" (");
      out.put(schema::to_string(o.kind));
      out.put(")\n");
    }
  }
  writer.flush();
  std::cout << "schema hash: " << hash.get() << "\n";
}

} // namespace

Action configure_schema(CLI::App& app, const Globals& globals) {
  struct Options {
    bool json = false;
    bool hash_only = false;
    bool staged = false;
    std::string rev;
  };
  auto options = std::make_shared<Options>();
  app.add_option("REV", options->rev, "Read the models at this commit instead of the work tree");
  app.add_flag("--staged", options->staged, "Read the models staged in the index");
  CLI::Option* json =
      app.add_flag("--json", options->json, "Print the schema IR as JSON, with its hash");
  app.add_flag("--hash", options->hash_only, "Print only the schema hash, for scripts")
      ->excludes(json);
  return [options, &globals] {
    schema::Schema s;
    std::string known_hash; // of s, when the read or a snapshot brought it
    if (options->rev.empty() && !options->staged) {
      const project::Project project = open_project(globals);
      RealFileSystem fs;
      model::ReadOptions reading = read_options(project);
      // Left to exit, unless the JSON tree built next can reuse its memory (faster than fresh).
      reading.hand_over_state = !options->json;
      reading.hash = !options->json;
      model::ReadResult read =
          model::read_models(project::read_worktree_models(project, fs), reading);
      keep_until_exit(std::move(read.working_state));
      known_hash = std::move(read.hash);
      // Normalized, as the reader leaves it (and as a snapshot is, below).
      s = checked_schema(std::move(read));
    } else {
      if (!options->rev.empty() && options->staged)
        throw Error("give either REV or --staged, not both");
      history::HistoryContext context = open_history(globals);
      history::Snapshot snapshot =
          options->staged
              ? context.reader->in_index()
              : context.reader->at_commit(context.reader->repo().resolve_commit(options->rev));
      for (const std::string& warning : context.reader->cache_warnings())
        std::cerr << "warning: " << warning << "\n";
      if (!snapshot.readable && snapshot.diagnostics.empty())
        throw Error("the models have errors: " + snapshot.first_error);
      model::ReadResult result;
      result.schema = std::move(snapshot.schema);
      result.diagnostics = std::move(snapshot.diagnostics);
      s = checked_schema(std::move(result));
      // Taken when the snapshot was read, or from the history cache.
      known_hash = std::move(snapshot.hash);
      if (!options->json) // as above: its parsed model files
        keep_until_exit(std::move(context));
    }
    // The read or the snapshot brought the hash, except for the work tree's --json, whose hash
    // is computed while the JSON tree is built (on a large schema each takes tens of ms).
    std::future<std::string> hash =
        known_hash.empty()
            ? std::async(std::launch::async, [&s] { return schema::normalized_schema_hash(s); })
            : std::async(std::launch::deferred, [&known_hash] { return known_hash; });
    if (options->hash_only) {
      std::cout << hash.get() << "\n";
    } else if (options->json) {
      schema::Json tree = schema::to_json(s);
      schema::Json out = {{"schema_hash", hash.get()}, {"schema", std::move(tree)}};
      std::cout << out.dump(2) << "\n";
      keep_until_exit(std::move(out));
    } else {
      print_text(globals, s, std::move(hash));
    }
    keep_until_exit(std::move(s));
    return 0;
  };
}

} // namespace crochet::cli
