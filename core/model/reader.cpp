#include "core/model/reader.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/model/class_builder.hpp"
#include "core/model/classes.hpp"
#include "core/model/evaluate.hpp"
#include "core/model/members.hpp"
#include "core/python/tokenizer.hpp"
#include "core/util/advice.hpp"
#include "core/util/pointer_map.hpp"
#include "core/util/trace.hpp"
#include "core/util/worker_pool.hpp"

namespace crochet::model {
namespace {

// Below this many bytes of source per thread, a parsing thread costs more than it saves.
constexpr std::size_t kBytesPerThread = 256 * 1024;

// Threads worth starting to parse `sources`.
std::size_t parse_threads(const SourceSet& sources) {
  std::size_t bytes = 0;
  for (const SourceFile& source : sources)
    bytes += source.content.size();
  return useful_threads(std::min(sources.size(), bytes / kBytesPerThread + 1));
}

// The parsed files of a models folder, in source order, and grouped by the worker that parsed
// them: a group released by its own worker frees memory into the allocator heap it came from,
// without contention, so large folders are also released on several threads.
struct LoadedFiles {
  std::vector<std::shared_ptr<const FileModel>> files;
  std::vector<std::vector<std::shared_ptr<const FileModel>>> by_worker;
};

// Parsing is independent per file, so large folders are parsed on the pool; each result lands at
// its file's index, so the outcome never depends on scheduling.
// Each source moves into its parsed file.
LoadedFiles load_all(SourceSet& sources, const ReadOptions& options, const FileLoader* load,
                     WorkerPool& pool) {
  std::vector<std::shared_ptr<const FileModel>> files(sources.size());
  std::vector<std::size_t> parsed_by(sources.size());
  pool.for_each(sources.size(), [&](std::size_t i, std::size_t worker) {
    files[i] =
        load ? (*load)(std::move(sources[i]))
             : load_file_model(std::move(sources[i]), options.display_prefix, options.package_name);
    parsed_by[i] = worker;
  });
  LoadedFiles loaded;
  loaded.by_worker.resize(pool.size());
  for (std::size_t i = 0; i < files.size(); ++i)
    loaded.by_worker[parsed_by[i]].push_back(files[i]);
  loaded.files = std::move(files);
  return loaded;
}

// What a read builds on the way to the schema, handed to the caller as a whole on request
// (ReadOptions::hand_over_state). Only to be freed: the graph still refers to the reader's
// diagnostics. Members are destroyed bottom up, each before what it points into.
struct WorkingState {
  // Its threads allocated the syntax trees: a thread's exit returns its whole allocator heap,
  // milliseconds for a large read, so they end with the rest of what is handed over.
  std::unique_ptr<WorkerPool> pool;
  std::vector<std::shared_ptr<const FileModel>> files;
  std::unique_ptr<SymbolTable> symbols;                           // points into files
  std::vector<std::unique_ptr<const SymbolTable>> worker_symbols; // point into files
  std::unique_ptr<ClassGraph> graph;                              // points into symbols and files
};

// Releases `loaded`'s files, each group on the worker that parsed it when that worker takes
// part; the caller releases what is left.
void release(LoadedFiles& loaded, WorkerPool& pool) {
  loaded.files.clear(); // the groups hold the last references
  pool.for_each(loaded.by_worker.size(),
                [&](std::size_t, std::size_t worker) { loaded.by_worker[worker].clear(); });
  loaded.by_worker.clear();
}

// Whether a class's own body declares neomodel properties or relationships.
bool declares_neomodel_members(const ClassRef& cls, const SymbolTable& symbols) {
  for (const py::Block& block : cls.stmt->blocks())
    for (const py::Stmt& stmt : block) {
      if (stmt.kind != py::StmtKind::Assign || !stmt.value ||
          stmt.value->kind != py::ExprKind::Call || !stmt.value->object)
        continue;
      const Symbol callee = symbols.resolve(*cls.file, *stmt.value->object);
      if (callee.kind == Symbol::Kind::neomodel &&
          (callee.neo->kind == NeoKind::property || callee.neo->kind == NeoKind::relationship))
        return true;
    }
  return false;
}

// The outside base of a class that is out of reach yet declares, or inherits from the models
// folder, neomodel properties or relationships (`class Movie(DjangoNode): title =
// StringProperty()`), or nullptr. Such a class is meant as a model, but what its outside base
// makes of it cannot be read.
const py::Expr* outside_base_of_model_like(const ClassInfo& info, const SymbolTable& symbols) {
  if (std::none_of(info.mro.begin(), info.mro.end(),
                   [&](const ClassRef& c) { return declares_neomodel_members(c, symbols); }))
    return nullptr;
  for (const ClassRef& c : info.mro)
    for (const py::ExprPtr& base : c.stmt->bases())
      if (base) {
        const Symbol symbol = symbols.resolve(*c.file, *base);
        if (symbol.kind == Symbol::Kind::external && symbol.text != "builtins.object")
          return base.get();
      }
  return nullptr;
}

bool is_model(ClassRole role) {
  return role == ClassRole::node || role == ClassRole::relationship;
}

// Every class of the models folder in file order, with what it is, and which classes others
// extend.
struct ClassList {
  std::vector<ClassRef> all;
  std::vector<const ClassInfo*> infos; // infos[i] is all[i]'s
  std::set<ClassRef> bases;            // classes that any class extends
  std::set<ClassRef> rel_bases; // relationship classes that other relationship classes extend
};

// A built model class, beside its node or relationship model: what identity and linking need.
struct Pending {
  ClassRef cls;
  OwnFacts facts;
  std::vector<RelationshipLink> links; // a node's: links[i] for node.relationships[i]
  TargetDatabases target_databases;    // a node's
};

// The kgid a claimed class owns (pointing into its Pending), and whether it is a node class: a
// relationship's target is looked up once, not also in the class graph.
struct Claimed {
  const std::string* kgid;
  bool node;
};

// The model classes between their build and the schema, in file order. Each node is built at
// its class's index and only moved down over the other classes' slots: it (and its
// relationships) stays in place until it becomes the schema's, as moving them into new
// storage, on one thread, touched tens of megabytes afresh.
struct Assembly {
  std::vector<schema::Node> nodes;
  std::vector<Pending> node_pending; // node_pending[i] is nodes[i]'s
  std::vector<std::pair<schema::RelationshipModel, Pending>> rel_models;
  // What identity decided: the kgid of each class that claimed one, and what stays.
  PointerMap<const py::Stmt*, Claimed> kgid_of;
  std::vector<bool> kept_nodes; // kept_nodes[i] for nodes[i]
  std::unordered_map<ClassRef, schema::RelationshipModel*, ClassRefHash> model_of;
  std::vector<schema::RelationshipModel*> kept_models;
  std::vector<ModelUse> model_uses; // in the order their definitions run
};

class Reader {
public:
  Reader(SourceSet& sources, const ReadOptions& options, const FileLoader* load = nullptr)
      : options_(options), pool_(std::make_unique<WorkerPool>(parse_threads(sources))),
        loaded_(load_all(sources, options, load, *pool_)), files_(loaded_.files) {
    std::sort(files_.begin(), files_.end(),
              [](const auto& a, const auto& b) { return a->source.path < b->source.path; });
    clock_.mark_with([&] { return "parse " + std::to_string(files_.size()) + " files"; });
  }

  ReadResult run() {
    ReadResult result;
    auto state = std::make_shared<WorkingState>();
    for (const auto& file : files_)
      diagnostics_.insert(diagnostics_.end(), file->diagnostics.begin(), file->diagnostics.end());
    // A file that does not parse fails the whole read: its classes could be anything.
    if (!has_errors(diagnostics_)) {
      state->symbols = std::make_unique<SymbolTable>(files_);
      clock_.mark("index names");
      state->graph = std::make_unique<ClassGraph>(*state->symbols, diagnostics_);
      build(*state->symbols, *state->graph, result);
      if (!options_.hand_over_state) {
        state->graph.reset();
        state->symbols.reset();
      }
    }
    std::stable_sort(
        diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
          return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
        });
    drop_repeats(diagnostics_);
    result.diagnostics = std::move(diagnostics_);
    // Nodes claim their kgids before relationship models: listed (and stamped) in file order.
    std::sort(result.missing_kgids.begin(), result.missing_kgids.end(),
              [](const MissingKgid& a, const MissingKgid& b) {
                return std::tie(a.file, a.class_line) < std::tie(b.file, b.class_line);
              });
    if (!result.ok()) {
      result.schema = {};
      result.hash.clear();
    }
    if (options_.hand_over_state) {
      state->worker_symbols = std::move(worker_symbols_);
      state->files = std::move(files_);
    } else if (!worker_symbols_.empty()) {
      pool_->for_each(worker_symbols_.size(),
                      [&](std::size_t, std::size_t worker) { worker_symbols_[worker].reset(); });
    }
    worker_symbols_.clear();
    files_.clear();
    release(loaded_, *pool_);
    if (options_.hand_over_state) {
      state->pool = std::move(pool_);
      result.working_state = std::move(state);
    }
    clock_.mark(options_.hand_over_state ? "sort diagnostics" : "sort diagnostics, free");
    return result;
  }

private:
  void error(const FileModel& file, py::Location at, std::string message) {
    diagnostics_.push_back(file.diagnostic(Severity::error, at, std::move(message)));
  }
  void warn(const FileModel& file, py::Location at, std::string message) {
    diagnostics_.push_back(file.diagnostic(Severity::warning, at, std::move(message)));
  }

  // Leaves out a diagnostic that repeats an earlier one at the same place. Checks made for each
  // class see the members it inherits, so one definition of a base would otherwise be reported
  // once per subclass (a relationship two node classes inherit, targeting an abstract class).
  // `sorted` is in place order.
  static void drop_repeats(Diagnostics& sorted) {
    std::size_t kept = 0;
    std::size_t place = 0; // the first kept diagnostic at the current place
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      const Diagnostic& d = sorted[i];
      if (kept == 0 ||
          std::tie(d.file, d.line, d.column) !=
              std::tie(sorted[kept - 1].file, sorted[kept - 1].line, sorted[kept - 1].column))
        place = kept;
      const bool repeat =
          std::any_of(sorted.begin() + static_cast<std::ptrdiff_t>(place),
                      sorted.begin() + static_cast<std::ptrdiff_t>(kept), [&](const Diagnostic& e) {
                        return e.severity == d.severity && e.message == d.message;
                      });
      if (repeat)
        continue;
      if (kept != i)
        sorted[kept] = std::move(sorted[i]);
      ++kept;
    }
    sorted.resize(kept);
  }

  // One indentation level as the file writes it: what a block of its classes or functions adds
  // to its header line's indent; four spaces when no block shows it.
  static std::string indent_unit(const FileModel& file) {
    for (const py::Stmt& stmt : file.module.body) {
      if (stmt.kind != py::StmtKind::ClassDef && stmt.kind != py::StmtKind::FunctionDef)
        continue;
      if (stmt.blocks().empty() || stmt.blocks().front().empty())
        continue;
      const py::Stmt& first = stmt.blocks().front().front();
      if (first.location.line == stmt.location.line)
        continue;
      const std::string line = py::source_line(file.source.content, first.location.line);
      const std::string indent = line.substr(0, line.find_first_not_of(" \t"));
      if (!indent.empty())
        return indent;
    }
    return "    ";
  }

  static MissingKgid missing_kgid(const ClassRef& cls) {
    MissingKgid m;
    m.file = cls.file->source.path;
    m.class_name = cls.stmt->name();
    m.class_line = cls.stmt->location.line;
    const py::Block* body = cls.stmt->blocks().empty() ? nullptr : &cls.stmt->blocks().front();
    if (!body || body->empty()) {
      m.one_line_body = true;
      return m;
    }
    const py::Stmt& first = body->front();
    const std::string line = py::source_line(cls.file->source.content, first.location.line);
    m.indent = line.substr(0, line.find_first_not_of(" \t"));
    if (first.location.line == cls.stmt->location.line) {
      m.one_line_body = true;
      m.body_column = first.location.column;
      m.indent += indent_unit(*cls.file); // one level below the class
      m.insert_line = cls.stmt->end_line + 1;
      return m;
    }
    // After a docstring, so it stays the class's docstring.
    const std::string text = line.substr(m.indent.size());
    const std::size_t quote = text.find_first_of("\"'");
    const bool docstring = first.kind == py::StmtKind::Other && quote != std::string::npos &&
                           quote <= 2 && text.find_first_not_of("rRuUbB") == quote;
    m.insert_line = docstring ? first.end_line + 1 : first.location.line;
    return m;
  }

  // Builds every node and relationship class of `all` into `outcomes` and `nodes` (same index),
  // on the pool when there are many.
  void build_classes(const ClassList& classes, const SymbolTable& symbols, ClassGraph& graph,
                     const MemberReader& shared, std::vector<ClassOutcome>& outcomes,
                     std::vector<schema::Node>& nodes) {
    const std::vector<ClassRef>& all = classes.all;
    constexpr std::size_t kClassesPerThread = 1000; // below this a thread costs more than it saves
    constexpr std::size_t kChunk = 64;              // classes taken at a time, in file order
    // One symbol table and builder per worker (lookups are memoised, so each table has its own
    // memo over the shared indexes); the caller's worker uses `symbols`. Tables outlive the
    // builders that refer to them.
    worker_symbols_.resize(pool_->size());
    std::vector<std::optional<ClassBuilder>> builders(pool_->size());
    auto build_chunk = [&](std::size_t chunk, std::size_t worker) {
      if (!builders[worker]) {
        if (worker != 0)
          worker_symbols_[worker] =
              std::make_unique<const SymbolTable>(symbols, SymbolTable::OwnMemo{});
        builders[worker].emplace(worker == 0 ? symbols : *worker_symbols_[worker], graph);
      }
      const std::size_t end = std::min((chunk + 1) * kChunk, all.size());
      for (std::size_t i = chunk * kChunk; i < end; ++i) {
        const ClassInfo& info = *classes.infos[i];
        if (is_model(info.role))
          build_class(all[i], info, classes.bases.count(all[i]) > 0, graph, shared,
                      *builders[worker], outcomes[i], nodes[i]);
      }
    };
    const std::size_t chunks = (all.size() + kChunk - 1) / kChunk;
    if (useful_threads(all.size() / kClassesPerThread + 1) > 1) {
      pool_->for_each(chunks, build_chunk);
    } else {
      for (std::size_t chunk = 0; chunk < chunks; ++chunk)
        build_chunk(chunk, 0);
    }
  }

  void append(Diagnostics& from) {
    diagnostics_.insert(diagnostics_.end(), std::make_move_iterator(from.begin()),
                        std::make_move_iterator(from.end()));
  }

  // Builds the schema from the indexed files, stage by stage (each stage a trace mark).
  void build(const SymbolTable& symbols, ClassGraph& graph, ReadResult& result) {
    const Evaluator evaluator(symbols);
    const ClassList classes = classify(graph);
    clock_.mark_with([&] { return "classify " + std::to_string(classes.all.size()) + " classes"; });
    Assembly assembly;
    build_models(classes, symbols, graph, evaluator, assembly);
    claim_identities(classes, symbols, assembly, result);
    clock_.mark("identity");
    link_relationships(graph, evaluator, assembly, result.schema);
    clock_.mark("link relationships");
    schema::normalize(result.schema);
    clock_.mark("normalize");
    std::optional<schema::StagedSchemaHash> hash;
    if (options_.hash && !has_errors(diagnostics_))
      hash.emplace(result.schema);
    schema::derive_objects(result.schema, options_.existence_constraints);
    clock_.mark("derive objects");
    if (hash) {
      result.hash = hash->finish();
      clock_.mark("hash (the rest of it)");
    }
  }

  // Every class in file order, classified: the graph is complete and read-only from here on.
  ClassList classify(ClassGraph& graph) const {
    ClassList list;
    // files_ is sorted by path, so only each file's classes (indexed by name) need sorting, by
    // line; no path is compared.
    std::size_t classes = 0;
    for (const auto& file : files_)
      classes += file->classes.size();
    list.all.reserve(classes);
    for (const auto& file : files_) {
      const auto first = static_cast<std::ptrdiff_t>(list.all.size());
      for (const auto& [name, stmt] : file->classes)
        list.all.push_back({file.get(), stmt});
      std::sort(list.all.begin() + first, list.all.end(), [](const ClassRef& a, const ClassRef& b) {
        return a.stmt->location.line < b.stmt->location.line;
      });
    }
    // Each class's info is kept beside it, as the stages after would otherwise look it up again.
    list.infos.reserve(list.all.size());
    for (const ClassRef& cls : list.all) {
      const ClassInfo& info = graph.info(cls);
      list.infos.push_back(&info);
      if (info.role == ClassRole::relationship)
        for (const ClassRef& base : info.project_bases)
          list.rel_bases.insert(base);
      list.bases.insert(info.project_bases.begin(), info.project_bases.end());
    }
    return list;
  }

  // Builds every model class into `assembly`, in file order. The members of the classes others
  // extend are read first, once, into a memo the building threads share read-only.
  void build_models(const ClassList& classes, const SymbolTable& symbols, ClassGraph& graph,
                    const Evaluator& evaluator, Assembly& assembly) {
    // Inherited members' diagnostics wait for the first class whose MRO reaches them, where a
    // serial build would have read them.
    Diagnostics inherited_scratch;
    MemberReader shared(symbols, graph, inherited_scratch);
    std::unordered_map<ClassRef, Diagnostics, ClassRefHash> inherited_diagnostics;
    for (std::size_t i = 0; i < classes.all.size(); ++i) {
      const ClassRef& cls = classes.all[i];
      const ClassInfo& info = *classes.infos[i];
      if (!is_model(info.role))
        continue;
      for (const ClassRef& c : info.mro)
        if ((c != cls || classes.bases.count(cls)) && !inherited_diagnostics.count(c)) {
          shared.own_members(c);
          inherited_diagnostics[c] = std::move(inherited_scratch);
          inherited_scratch.clear();
        }
    }
    std::vector<ClassOutcome> outcomes(classes.all.size());
    assembly.nodes.resize(classes.all.size());
    build_classes(classes, symbols, graph, shared, outcomes, assembly.nodes);
    clock_.mark("read members");
    assembly.model_uses = model_uses_in_order(classes, shared, outcomes);
    check_model_uses(assembly.model_uses, graph, symbols, diagnostics_);
    take_outcomes(classes, outcomes, inherited_diagnostics, evaluator, symbols, assembly);
  }

  // The relationship definitions that name a model, in the order the classes' bodies run (file
  // order across files).
  static std::vector<ModelUse> model_uses_in_order(const ClassList& classes,
                                                   const MemberReader& shared,
                                                   std::vector<ClassOutcome>& outcomes) {
    std::vector<ModelUse> uses;
    for (std::size_t i = 0; i < classes.all.size(); ++i) {
      if (const std::vector<Member>* members = shared.cached_members(classes.all[i]))
        collect_model_uses(classes.all[i], *members, uses);
      else
        std::move(outcomes[i].model_uses.begin(), outcomes[i].model_uses.end(),
                  std::back_inserter(uses));
    }
    return uses;
  }

  // Takes the outcomes in file order, diagnostics included, so the result is a serial build's.
  void take_outcomes(const ClassList& classes, std::vector<ClassOutcome>& outcomes,
                     std::unordered_map<ClassRef, Diagnostics, ClassRefHash>& inherited_diagnostics,
                     const Evaluator& evaluator, const SymbolTable& symbols, Assembly& assembly) {
    std::vector<schema::Node>& nodes = assembly.nodes;
    assembly.node_pending.reserve(classes.all.size());
    std::size_t node_count = 0;
    std::unordered_set<ClassRef, ClassRefHash> reported; // inherited members already reported
    for (std::size_t i = 0; i < classes.all.size(); ++i) {
      const ClassRef& cls = classes.all[i];
      const ClassInfo& info = *classes.infos[i];
      if (!is_model(info.role)) {
        if (info.role != ClassRole::external)
          continue;
        if (own_facts(cls, evaluator, diagnostics_).kgid)
          warn(*cls.file, cls.stmt->location,
               "class '" + cls.stmt->name() +
                   "' has a __kgid__ but derives from a class outside the models folder that "
                   "git-crochet cannot read; it is not part of the schema");
        else if (const py::Expr* base =
                     classes.bases.count(cls) ? nullptr : outside_base_of_model_like(info, symbols))
          warn(*cls.file, cls.stmt->location,
               "class '" + cls.stmt->name() +
                   "' declares neomodel properties or relationships but derives from '" +
                   render(*base) +
                   "', a class outside the models folder that git-crochet cannot read; it is "
                   "not part of the schema");
        continue;
      }
      ClassOutcome& out = outcomes[i];
      append(out.facts_diagnostics);
      for (auto it = info.mro.rbegin(); it != info.mro.rend(); ++it) {
        if (*it == cls && !classes.bases.count(cls))
          append(out.member_diagnostics);
        else if (reported.insert(*it).second)
          append(inherited_diagnostics[*it]);
      }
      if (out.kind == ClassOutcome::Kind::abstract)
        continue;
      append(out.diagnostics);
      Pending pending{cls, std::move(out.facts), std::move(out.links),
                      std::move(out.target_databases)};
      if (out.kind == ClassOutcome::Kind::node) {
        if (node_count != i)
          nodes[node_count] = std::move(nodes[i]);
        ++node_count;
        assembly.node_pending.push_back(std::move(pending));
      } else {
        assembly.rel_models.emplace_back(std::move(*out.model), std::move(pending));
      }
    }
    nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(node_count), nodes.end());
    outcomes.clear();
  }

  // Identity: every concrete model class carries its own, unique __kgid__. Records which
  // classes keep their place in the schema, and the kgid each claimed.
  void claim_identities(const ClassList& classes, const SymbolTable& symbols, Assembly& assembly,
                        ReadResult& result) {
    std::unordered_map<std::string, ClassRef> owner_of_kgid;
    std::set<ClassRef> used_models;
    for (const Pending& pending : assembly.node_pending)
      for (const RelationshipLink& link : pending.links)
        if (link.model)
          used_models.insert(*link.model);
    assembly.kgid_of.reserve(classes.all.size());
    auto claim = [&](const Pending& pending, bool required, bool node) {
      const ClassRef& cls = pending.cls;
      if (!pending.facts.kgid) {
        // An assigned kgid that is not a usable string has its own error already.
        if (!required || pending.facts.kgid_location.line != 0)
          return false;
        error(*cls.file, cls.stmt->location,
              "class '" + cls.stmt->name() +
                  "' has no __kgid__; git-crochet tracks model identity by it. Run `" +
                  advice::crochet("kgid --write") + "` to stamp one");
        result.missing_kgids.push_back(missing_kgid(cls));
        return false;
      }
      auto [it, inserted] = owner_of_kgid.emplace(*pending.facts.kgid, cls);
      if (!inserted) {
        error(*cls.file, pending.facts.kgid_location,
              "duplicate __kgid__ \"" + *pending.facts.kgid + "\": class '" + cls.stmt->name() +
                  "' and class '" + it->second.stmt->name() + "' (" +
                  it->second.file->display_path + ":" +
                  std::to_string(it->second.stmt->location.line) + ") claim the same identity");
        return false;
      }
      assembly.kgid_of.try_emplace(cls.stmt).first = {&*pending.facts.kgid, node};
      return true;
    };
    assembly.kept_nodes.resize(assembly.nodes.size());
    for (std::size_t i = 0; i < assembly.nodes.size(); ++i)
      assembly.kept_nodes[i] = claim(assembly.node_pending[i], true, true);
    check_label_sets(assembly, symbols);
    for (auto& [model, pending] : assembly.rel_models) {
      // A relationship class that is only a base of others and never used is abstract.
      const bool required = used_models.count(pending.cls) || !classes.rel_bases.count(pending.cls);
      if (claim(pending, required, false)) {
        model.kgid = *pending.facts.kgid;
        assembly.model_of[pending.cls] = &model;
        assembly.kept_models.push_back(&model);
      }
    }
  }

  // neomodel registers each concrete node class under its set of labels, and under that set
  // with each combination of its optional labels, and refuses a second class for a set
  // (NodeClassAlreadyDefined) when the models are imported. A class with __target_databases__
  // registers in each of its databases' registries instead of the shared one. Async classes have
  // registries of their own (AsyncDatabase's), so they never clash with sync ones.
  void check_label_sets(const Assembly& assembly, const SymbolTable& symbols) {
    std::unordered_map<std::string, std::size_t> first_with; // registry + label set -> node
    first_with.reserve(assembly.nodes.size());
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < assembly.nodes.size(); ++i) {
      const TargetDatabases& databases = assembly.node_pending[i].target_databases;
      if (!databases.known)
        continue;
      registry_keys(assembly.nodes[i], databases, keys);
      for (std::string& key : keys) {
        const auto [it, first] = first_with.emplace(std::move(key), i);
        if (!first) {
          report_label_clash(assembly, it->second, i, it->first);
          break; // neomodel stops at the first
        }
      }
    }
    if (assembly.model_uses.empty())
      return;
    std::string key;
    auto single_label_class = [&](std::string_view label, bool async) -> const ClassRef* {
      key.assign(1, registry_kind(async)).push_back('\0'); // the shared registry's {label}
      key.append(label).push_back('\n');
      const auto it = first_with.find(key);
      return it == first_with.end() ? nullptr : &assembly.node_pending[it->second].cls;
    };
    check_types_against_labels(assembly.model_uses, single_label_class, symbols, diagnostics_);
  }

  // Which of neomodel's two sets of registries a key is in: Database's or AsyncDatabase's.
  static char registry_kind(bool async) { return async ? 'a' : 's'; }

  // The keys `node` takes in neomodel's registries: the kind of registry (registry_kind), a
  // database name ("" for the shared registry), then a label set, its labels sorted, each ended
  // by '\n' (not in a label neomodel can create).
  static void registry_keys(const schema::Node& node, const TargetDatabases& databases,
                            std::vector<std::string>& keys) {
    keys.clear();
    // Every combination of the optional labels: a handful at most in practice, so cap the count
    // rather than build millions of keys.
    std::vector<std::string> optional;
    for (const std::string& label : node.optional_labels)
      if (!std::binary_search(node.labels.begin(), node.labels.end(), label))
        optional.push_back(label);
    const std::size_t combinations = optional.size() <= 10 ? std::size_t{1} << optional.size() : 1;
    static const std::vector<std::string> shared{std::string()};
    std::vector<std::string_view> labels;
    for (const std::string& database : databases.declared ? databases.names : shared)
      for (std::size_t mask = 0; mask < combinations; ++mask) {
        std::string key(1, registry_kind(node.async));
        key.append(database).push_back('\0');
        if (mask == 0) { // the labels alone, already sorted: nearly every class
          for (const std::string& label : node.labels)
            key.append(label).push_back('\n');
          keys.push_back(std::move(key));
          continue;
        }
        labels.assign(node.labels.begin(), node.labels.end());
        for (std::size_t bit = 0; bit < optional.size(); ++bit)
          if (mask & (std::size_t{1} << bit))
            labels.push_back(optional[bit]);
        std::sort(labels.begin(), labels.end());
        for (std::string_view label : labels)
          key.append(label).push_back('\n');
        keys.push_back(std::move(key));
      }
  }

  void report_label_clash(const Assembly& assembly, std::size_t earlier_index, std::size_t index,
                          std::string_view key) {
    const ClassRef& earlier = assembly.node_pending[earlier_index].cls;
    const ClassRef& cls = assembly.node_pending[index].cls;
    key.remove_prefix(1); // the kind of registry: both are of one
    const std::string_view database = key.substr(0, key.find('\0'));
    std::string labels;
    for (std::string_view rest = key.substr(database.size() + 1); !rest.empty();) {
      const std::size_t end = rest.find('\n');
      labels += ":" + std::string(rest.substr(0, end));
      rest.remove_prefix(end + 1);
    }
    const std::string in_database =
        database.empty() ? std::string() : " in database '" + std::string(database) + "'";
    const std::string where = "class '" + earlier.stmt->name() + "' (" +
                              earlier.file->display_path + ":" +
                              std::to_string(earlier.stmt->location.line) + ")";
    // Most clashes are of the labels both always carry; the others come of optional labels.
    const std::string clash =
        assembly.nodes[index].labels == assembly.nodes[earlier_index].labels
            ? "class '" + cls.stmt->name() + "' has the labels " + labels + " of " + where
            : "class '" + cls.stmt->name() + "' and " + where + " can both carry the labels " +
                  labels + " (optional labels included)";
    error(*cls.file, cls.stmt->location,
          clash + in_database +
              ": neomodel refuses a second class for one set of labels "
              "(NodeClassAlreadyDefined); give one of them a __label__ of its own");
  }

  // Resolves relationship targets and models to kgids, and moves the nodes and relationship
  // models that stay into `schema`: those that do not are moved over, in place.
  void link_relationships(ClassGraph& graph, const Evaluator& evaluator, Assembly& assembly,
                          schema::Schema& schema) {
    std::vector<schema::Node>& nodes = assembly.nodes;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (!assembly.kept_nodes[i])
        continue;
      schema::Node& node = nodes[i];
      const Pending& pending = assembly.node_pending[i];
      node.kgid = *pending.facts.kgid;
      std::size_t kept_relationships = 0;
      for (std::size_t j = 0; j < node.relationships.size(); ++j) {
        schema::RelationshipDef& def = node.relationships[j];
        const RelationshipLink& rel = pending.links[j];
        if (!link(graph, evaluator, assembly, rel, def))
          continue;
        if (kept_relationships != j)
          node.relationships[kept_relationships] = std::move(def);
        ++kept_relationships;
      }
      node.relationships.erase(node.relationships.begin() +
                                   static_cast<std::ptrdiff_t>(kept_relationships),
                               node.relationships.end());
      if (kept != i)
        nodes[kept] = std::move(node);
      ++kept;
    }
    nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(kept), nodes.end());
    schema.nodes = std::move(nodes);
    for (auto* model : assembly.kept_models)
      schema.relationships.push_back(std::move(*model));
  }

  // Fills in `def`'s target and model kgids through `rel`; false when the definition cannot
  // stay (its target is not a node class).
  bool link(ClassGraph& graph, const Evaluator& evaluator, const Assembly& assembly,
            const RelationshipLink& rel, schema::RelationshipDef& def) {
    const Claimed* claimed = rel.target ? assembly.kgid_of.find(rel.target->stmt) : nullptr;
    if (claimed && claimed->node) {
      def.target_class = rel.target->stmt->name();
      def.target_kgid = *claimed->kgid;
    } else if (rel.target) {
      const ClassInfo& target = graph.info(*rel.target);
      if (target.role != ClassRole::node) {
        error(*rel.file, rel.location,
              "relationship '" + def.name + "' targets '" + rel.target->stmt->name() +
                  "', which is not a node class");
        return false;
      }
      def.target_class = rel.target->stmt->name();
      if (claimed)
        def.target_kgid = *claimed->kgid;
      else if (!own_facts(*rel.target, evaluator, diagnostics_).abstract)
        ; // the target's missing kgid is reported on the target itself
      else
        warn(*rel.file, rel.location,
             "relationship '" + def.name + "' targets abstract class '" + rel.target->stmt->name() +
                 "'");
    }
    if (rel.model) {
      if (auto it = assembly.model_of.find(*rel.model); it != assembly.model_of.end()) {
        def.model_kgid = it->second->kgid;
        if (def.rel_type_resolved)
          it->second->rel_types.push_back(def.rel_type);
      }
    }
    return true;
  }

  ReadOptions options_;
  trace::StageClock clock_{"read models"}; // started before loaded_ parses the files
  // Parses, builds and releases: each worker one thread throughout the read.
  std::unique_ptr<WorkerPool> pool_;
  // The other workers' symbol tables (see build_classes), each with its memo: freed by the
  // worker that built it, or handed over with the working state.
  std::vector<std::unique_ptr<const SymbolTable>> worker_symbols_;
  LoadedFiles loaded_;
  std::vector<std::shared_ptr<const FileModel>> files_; // sorted by path
  Diagnostics diagnostics_;
};

} // namespace

std::string results_key(const ReadOptions& options) {
  return "r" + std::to_string(kReaderRevision) + ":" +
         (options.existence_constraints ? "e1" : "e0") + ":" + options.package_name + ":" +
         options.display_prefix;
}

ReadResult read_models(SourceSet files, const ReadOptions& options) {
  return Reader(files, options).run();
}

ReadResult read_models(SourceSet files, const ReadOptions& options, const FileLoader& load) {
  return Reader(files, options, &load).run();
}

schema::Schema read_schema(SourceSet files, const ReadOptions& options) {
  ReadResult result = read_models(std::move(files), options);
  if (!result.ok())
    throw DiagnosticError(std::move(result.diagnostics));
  return std::move(result.schema);
}

} // namespace crochet::model
