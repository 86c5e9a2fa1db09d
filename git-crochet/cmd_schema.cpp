// git crochet schema [REV] [--staged] [--json]: the schema IR the models define (work tree by
// default, or at a commit, or in the index), and its hash.
#include <iostream>

#include "core/history/context.hpp"

#include "core/schema/ir.hpp"
#include "git-crochet/support.hpp"

namespace crochet::cli {
namespace {

std::string describe_property(const schema::Property& p) {
  std::string out = p.name + ": " + (p.declared_type.empty() ? p.type : p.declared_type);
  if (p.item_type)
    out += "[" + *p.item_type + "]";
  std::vector<std::string> flags;
  if (!p.alias_of.empty())
    flags.push_back("alias of " + p.alias_of);
  if (p.required)
    flags.push_back("required");
  if (p.unique_index)
    flags.push_back("unique");
  if (p.index)
    flags.push_back("index");
  if (p.fulltext_index)
    flags.push_back("fulltext");
  if (p.vector_index)
    flags.push_back("vector(" + std::to_string(p.vector_index->dimensions) + ")");
  if (p.db_property != p.name)
    flags.push_back("stored as " + p.db_property);
  if (p.default_value)
    flags.push_back("default");
  if (p.choices)
    flags.push_back("choices");
  for (std::size_t i = 0; i < flags.size(); ++i)
    out += (i == 0 ? " (" : ", ") + flags[i];
  return flags.empty() ? out : out + ")";
}

void print_text(const Globals& g, const schema::Schema& s) {
  for (const schema::Node& node : s.nodes) {
    std::string labels;
    for (const auto& l : node.labels)
      labels += ":" + l;
    std::cout << paint(g, "1", "node " + node.class_name) << " " << labels << "  [" << node.kgid
              << "]\n";
    for (const auto& p : node.properties)
      std::cout << "  " << describe_property(p) << "\n";
    for (const auto& r : node.relationships) {
      const char* arrow = r.direction == schema::Direction::outgoing   ? "-[:"
                          : r.direction == schema::Direction::incoming ? "<-[:"
                                                                       : "-[:";
      const char* tail = r.direction == schema::Direction::outgoing ? "]->" : "]-";
      std::cout << "  " << r.name << ": " << arrow << r.rel_type << tail << r.target_class << " ("
                << r.cardinality << ")\n";
    }
  }
  for (const schema::RelationshipModel& model : s.relationships) {
    std::cout << paint(g, "1", "relationship " + model.class_name) << "  [" << model.kgid << "]";
    for (const auto& t : model.rel_types)
      std::cout << " :" << t;
    std::cout << "\n";
    for (const auto& p : model.properties)
      std::cout << "  " << describe_property(p) << "\n";
  }
  if (!s.objects.empty()) {
    std::cout << paint(g, "1", "constraints and indexes") << "\n";
    for (const auto& o : s.objects)
      std::cout << "  " << o.name << " (" << schema::to_string(o.kind) << ")\n";
  }
  std::cout << "schema hash: " << schema::normalized_schema_hash(s) << "\n";
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
      // Normalized, as the reader leaves it (and as a snapshot is, below).
      s = checked_schema(
          model::read_models(project::read_worktree_models(project, fs), read_options(project)));
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
    }
    if (options->json) {
      schema::Json out = {{"schema_hash", schema::normalized_schema_hash(s)},
                          {"schema", schema::to_json(s)}};
      std::cout << out.dump(2) << "\n";
    } else {
      print_text(globals, s);
    }
    return 0;
  };
}

} // namespace crochet::cli
