// git crochet schema [REV] [--staged] [--json]: the schema IR the models define (work tree by
// default, or at a commit, or in the index), and its hash.
#include <future>
#include <iostream>

#include "core/history/context.hpp"

#include "core/schema/ir.hpp"
#include "core/util/keep_until_exit.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

// Appends "  name: Type[Item] (flag, flag, ...)" and a newline.
void append_property(std::string& out, const schema::Property& p) {
  out += "  ";
  out += p.name;
  out += ": ";
  out += p.declared_type.empty() ? p.type : p.declared_type;
  if (p.item_type) {
    out += '[';
    out += *p.item_type;
    out += ']';
  }
  bool first = true;
  auto flag = [&](std::string_view text) -> std::string& {
    out += first ? " (" : ", ";
    out += text;
    first = false;
    return out;
  };
  if (!p.alias_of.empty())
    flag("alias of ") += p.alias_of;
  if (p.required)
    flag("required");
  if (p.unique_index)
    flag("unique");
  if (p.index)
    flag("index");
  if (p.fulltext_index)
    flag("fulltext");
  if (p.vector_index)
    flag("vector(") += std::to_string(p.vector_index->dimensions) + ")";
  if (p.db_property != p.name)
    flag("stored as ") += p.db_property;
  if (p.default_value)
    flag("default");
  if (p.choices)
    flag("choices");
  out += first ? "\n" : ")\n";
}

// Written in pieces of about 64 KiB: a large schema is hundreds of thousands of lines, too many
// to write one by one, and tens of megabytes, too many to build whole (fresh memory is slow).
class PieceWriter {
public:
  PieceWriter() { text_.reserve(kPiece + 4096); }
  std::string& text() { return text_; }
  // Call between lines.
  void maybe_flush() {
    if (text_.size() >= kPiece)
      flush();
  }
  void flush() {
    std::cout.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
  }

private:
  static constexpr std::size_t kPiece = 64 * 1024;
  std::string text_;
};

void print_text(const Globals& g, const schema::Schema& s) {
  // The hash needs only the schema, so it is computed while the text is written (on a large
  // schema each takes tens of milliseconds).
  std::future<std::string> hash =
      std::async(std::launch::async, [&s] { return schema::normalized_schema_hash(s); });
  PieceWriter writer;
  std::string& out = writer.text();
  for (const schema::Node& node : s.nodes) {
    writer.maybe_flush();
    out += paint(g, "1", "node " + node.class_name);
    out += ' ';
    for (const auto& l : node.labels) {
      out += ':';
      out += l;
    }
    out += "  [";
    out += node.kgid;
    out += "]\n";
    for (const auto& p : node.properties)
      append_property(out, p);
    for (const auto& r : node.relationships) {
      const char* arrow = r.direction == schema::Direction::outgoing   ? "-[:"
                          : r.direction == schema::Direction::incoming ? "<-[:"
                                                                       : "-[:";
      const char* tail = r.direction == schema::Direction::outgoing ? "]->" : "]-";
      out += "  ";
      out += r.name;
      out += ": ";
      out += arrow;
      out += r.rel_type;
      out += tail;
      out += r.target_class;
      out += " (";
      out += r.cardinality;
      out += ")\n";
    }
  }
  for (const schema::RelationshipModel& model : s.relationships) {
    writer.maybe_flush();
    out += paint(g, "1", "relationship " + model.class_name);
    out += "  [";
    out += model.kgid;
    out += ']';
    for (const auto& t : model.rel_types) {
      out += " :";
      out += t;
    }
    out += '\n';
    for (const auto& p : model.properties)
      append_property(out, p);
  }
  if (!s.objects.empty()) {
    out += paint(g, "1", "constraints and indexes");
    out += '\n';
    for (const auto& o : s.objects) {
      writer.maybe_flush();
      out += "  ";
      out += o.name;
      out += " (";
      out += schema::to_string(o.kind);
      out += ")\n";
    }
  }
  writer.flush();
  std::cout << "schema hash: " << hash.get() << "\n";
}

} // namespace

Action configure_schema(CLI::App& app, const Globals& globals) {
  struct Options {
    bool json = false;
    bool staged = false;
    std::string rev;
  };
  auto options = std::make_shared<Options>();
  app.add_option("REV", options->rev, "Read the models at this commit instead of the work tree");
  app.add_flag("--staged", options->staged, "Read the models staged in the index");
  app.add_flag("--json", options->json, "Print the canonical IR as JSON");
  return [options, &globals] {
    schema::Schema s;
    if (options->rev.empty() && !options->staged) {
      const project::Project project = open_project(globals);
      RealFileSystem fs;
      model::ReadOptions reading = read_options(project);
      // Left to exit, unless the JSON tree built next can reuse its memory (faster than fresh).
      reading.hand_over_state = !options->json;
      model::ReadResult read =
          model::read_models(project::read_worktree_models(project, fs), reading);
      keep_until_exit(std::move(read.working_state));
      // Normalized, as the reader leaves it (and as a snapshot is, below).
      s = checked_schema(std::move(read));
    } else {
      if (!options->rev.empty() && options->staged)
        throw Error("give either REV or --staged, not both");
      history::HistoryContext context =
          history::open_history(globals.start_directory(), read_options);
      history::Snapshot snapshot =
          options->staged
              ? context.reader->in_index()
              : context.reader->at_commit(context.reader->repo().resolve_commit(options->rev));
      for (const std::string& warning : context.reader->cache_warnings())
        std::cerr << "warning: " << warning << "\n";
      if (!snapshot.readable && snapshot.diagnostics.empty())
        throw Error("the models do not parse: " + snapshot.first_error);
      model::ReadResult result;
      result.schema = std::move(snapshot.schema);
      result.diagnostics = std::move(snapshot.diagnostics);
      s = checked_schema(std::move(result));
      if (!options->json) // as above: its parsed model files
        keep_until_exit(std::move(context));
    }
    if (options->json) {
      schema::Json out = {{"schema_hash", schema::normalized_schema_hash(s)},
                          {"schema", schema::to_json(s)}};
      std::cout << out.dump(2) << "\n";
      keep_until_exit(std::move(out));
    } else {
      print_text(globals, s);
    }
    keep_until_exit(std::move(s));
    return 0;
  };
}

} // namespace crochet::cli
