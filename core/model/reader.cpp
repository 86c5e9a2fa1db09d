#include "core/model/reader.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/model/classes.hpp"
#include "core/model/evaluate.hpp"
#include "core/model/members.hpp"
#include "core/python/tokenizer.hpp"
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

std::vector<std::string> sorted_unique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

// The members a class has, by name: the most derived class's member wins (a plain assignment in
// a subclass hides a base's property, as in Python). Members point into the MemberReader's memo
// (inherited ones, shared by every subclass) or into the class's own members, which the build
// owns and may move from.
class MemberIndex {
public:
  struct Entry {
    std::string_view name;
    const Member* member;
    Member* owned; // == member when the build owns it, else nullptr
  };

  void reserve(std::size_t count) { entries_.reserve(count); }
  void add(const Member& m) { entries_.push_back({m.name, &m, nullptr}); }
  void add_owned(Member& m) { entries_.push_back({m.name, &m, &m}); }

  // Call once every class of the MRO has been added, base classes first.
  void finish() {
    auto by_name = [](const Entry& a, const Entry& b) { return a.name < b.name; };
    // A class has a handful of members: insertion sort, stable and without stable_sort's buffer.
    if (entries_.size() <= 32) {
      for (std::size_t i = 1; i < entries_.size(); ++i)
        for (std::size_t j = i; j > 0 && by_name(entries_[j], entries_[j - 1]); --j)
          std::swap(entries_[j], entries_[j - 1]);
    } else {
      std::stable_sort(entries_.begin(), entries_.end(), by_name);
    }
    // Of equal names keep the last added: the most derived class's.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (i + 1 == entries_.size() || entries_[i + 1].name != entries_[i].name)
        entries_[kept++] = entries_[i];
    entries_.resize(kept);
  }

  const Member* find(std::string_view name) const {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                               [](const Entry& e, std::string_view n) { return e.name < n; });
    return it != entries_.end() && it->name == name ? it->member : nullptr;
  }

  const std::vector<Entry>& entries() const { return entries_; }

private:
  std::vector<Entry> entries_; // sorted by name once finished
};

// A member's property or relationship: moved out when the build owns the member, else copied.
template <typename T> T take(const MemberIndex::Entry& entry, T Member::*field) {
  return entry.owned ? std::move(entry.owned->*field) : entry.member->*field;
}

// Where a relationship definition's target and model classes resolve: kept beside the
// definition, which is already in its node, until every class's kgid is known.
struct RelationshipLink {
  std::optional<ClassRef> target;
  std::optional<ClassRef> model;
  const FileModel* file = nullptr;
  py::Location location;
};

// The dunder attributes a class sets for itself (neomodel reads them from the class namespace,
// so they are never inherited).
struct OwnFacts {
  std::optional<std::string> kgid;
  py::Location kgid_location;
  std::optional<std::string> label;
  std::vector<std::string> optional_labels;
  bool abstract = false;
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
    result.diagnostics = std::move(diagnostics_);
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
    error(diagnostics_, file, at, std::move(message));
  }
  void warn(const FileModel& file, py::Location at, std::string message) {
    warn(diagnostics_, file, at, std::move(message));
  }
  static void error(Diagnostics& into, const FileModel& file, py::Location at,
                    std::string message) {
    into.push_back(file.diagnostic(Severity::error, at, std::move(message)));
  }
  static void warn(Diagnostics& into, const FileModel& file, py::Location at, std::string message) {
    into.push_back(file.diagnostic(Severity::warning, at, std::move(message)));
  }

  static OwnFacts own_facts(const ClassRef& cls, const Evaluator& evaluator, Diagnostics& into) {
    OwnFacts facts;
    const FileModel& file = *cls.file;
    for (const py::Block& block : cls.stmt->blocks())
      for (const py::Stmt& stmt : block) {
        if (stmt.kind != py::StmtKind::Assign || !stmt.value)
          continue;
        for (std::string_view target : stmt.targets) {
          if (!target.starts_with("__"))
            continue; // most targets are members; every fact read here is a dunder
          if (target == "__abstract_node__") {
            facts.abstract = true; // neomodel only checks that the attribute exists
          } else if (target == "__kgid__") {
            facts.kgid_location = stmt.value->location;
            auto kgid = evaluator.string(file, *stmt.value);
            if (!kgid || kgid->empty())
              error(into, file, stmt.value->location,
                    "__kgid__ of class '" + cls.stmt->name() +
                        "' must be a non-empty string known statically");
            else
              facts.kgid = *kgid;
          } else if (target == "__label__") {
            auto label = evaluator.string(file, *stmt.value);
            if (!label || label->empty())
              error(into, file, stmt.value->location,
                    "__label__ of class '" + cls.stmt->name() +
                        "' must be a non-empty string known statically");
            else
              facts.label = *label;
          } else if (target == "__optional_labels__") {
            schema::Value v = evaluator.value(file, *stmt.value);
            bool valid = v.kind == schema::Value::Kind::literal && v.literal.is_array();
            if (valid)
              for (const auto& item : v.literal)
                valid = valid && item.is_string();
            if (!valid)
              error(into, file, stmt.value->location,
                    "__optional_labels__ of class '" + cls.stmt->name() +
                        "' must be a list of strings known statically");
            else
              for (const auto& item : v.literal)
                facts.optional_labels.push_back(item.get<std::string>());
          }
        }
      }
    return facts;
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
    m.one_line_body = first.location.line == cls.stmt->location.line;
    const std::string line = py::source_line(cls.file->source.content, first.location.line);
    m.indent = line.substr(0, line.find_first_not_of(" \t"));
    // After a docstring, so it stays the class's docstring.
    const std::string text = line.substr(m.indent.size());
    const std::size_t quote = text.find_first_of("\"'");
    const bool docstring = first.kind == py::StmtKind::Other && quote != std::string::npos &&
                           quote <= 2 && text.find_first_not_of("rRuUbB") == quote;
    m.insert_line = docstring ? first.end_line + 1 : first.location.line;
    return m;
  }

  // Properties and relationships of a class: the members of every class of its MRO, the most
  // derived winning (a plain assignment in a subclass hides a base's property, as in Python).
  // `own` holds the class's own members when no other class inherits them; every other class of
  // the MRO has its members in the shared memo.
  static void collect(const ClassInfo& info, const MemberReader& shared, std::vector<Member>* own,
                      MemberIndex& into) {
    std::size_t count = 0;
    for (auto it = info.mro.rbegin(); it != info.mro.rend(); ++it)
      count += own && it + 1 == info.mro.rend() ? own->size() : shared.cached_members(*it)->size();
    into.reserve(count); // grown one member at a time, it was an allocation per doubling
    for (auto it = info.mro.rbegin(); it != info.mro.rend(); ++it) {
      if (own && it + 1 == info.mro.rend()) {
        for (Member& m : *own)
          into.add_owned(m);
      } else {
        for (const Member& m : *shared.cached_members(*it))
          into.add(m);
      }
    }
    into.finish();
  }

  // What building one node or relationship class yields. Classes are built in parallel; their
  // outcomes are then taken in file order, diagnostics included, so the result is the same as a
  // serial build's.
  struct ClassOutcome {
    enum class Kind { abstract, node, relationship } kind = Kind::abstract;
    OwnFacts facts;
    Diagnostics facts_diagnostics;  // from the class's own __kgid__, __label__, ...
    Diagnostics member_diagnostics; // from reading its own members, when no class inherits them
    Diagnostics diagnostics;        // everything after: reserved names, labels, property checks
    // A node class's node is built in place, in the read's node list (see build()).
    std::unique_ptr<schema::RelationshipModel> model; // a relationship class's
    std::vector<RelationshipLink> links; // node.relationships[i] resolves through links[i]
  };

  // One thread's tools: its own symbol table (lookups are memoised, so tables are not shared)
  // and member reader.
  struct Builder {
    Builder(const SymbolTable& symbols, ClassGraph& graph)
        : evaluator(symbols), members(symbols, graph, member_diagnostics) {}
    Evaluator evaluator;
    Diagnostics member_diagnostics;
    MemberReader members;
  };

  // Builds one class (node or relationship model) into `out`. Reads only what every thread
  // shares read-only: the class graph (complete), the shared members memo, the syntax trees.
  static void build_class(const ClassRef& cls, const ClassInfo& info, bool inherited,
                          ClassGraph& graph, const MemberReader& shared, Builder& builder,
                          ClassOutcome& out, schema::Node& node) {
    out.facts = own_facts(cls, builder.evaluator, out.facts_diagnostics);
    // A class no other class extends is read once: its members are moved into the schema.
    std::vector<Member> own;
    if (!inherited) {
      own = builder.members.take_own_members(cls);
      out.member_diagnostics = std::move(builder.member_diagnostics);
      builder.member_diagnostics.clear();
    }
    MemberIndex collected;
    collect(info, shared, inherited ? nullptr : &own, collected);

    if (info.role == ClassRole::node) {
      if (out.facts.abstract)
        return;
      out.kind = ClassOutcome::Kind::node;
      for (const Member& m : inherited ? *shared.cached_members(cls) : own)
        if (is_reserved_property_name(m.name))
          error(out.diagnostics, *m.file, m.location,
                "'" + m.name + "' on class '" + cls.stmt->name() +
                    "' is reserved by neomodel; use another name (e.g. 'uid')");
      node.class_name = cls.stmt->name();
      node.label = out.facts.label.value_or(cls.stmt->name());
      node.async = info.async;
      node.semi_structured = info.semi_structured;
      std::vector<std::string> labels, optional_labels; // sorted and made unique below
      for (const ClassRef& c : info.mro) {
        const ClassInfo& ci = c == cls ? info : graph.info(c); // the class itself comes first
        if (ci.role != ClassRole::node)
          continue; // mixins carry no label
        // A base's own facts are read here; the class's own are out.facts.
        OwnFacts base_facts;
        const OwnFacts& f =
            c == cls ? out.facts : (base_facts = own_facts(c, builder.evaluator, out.diagnostics));
        if (!f.abstract)
          labels.push_back(f.label.value_or(c.stmt->name()));
        else if (f.label)
          labels.push_back(*f.label); // an abstract class that names a label still passes it on
        if (!f.abstract)
          optional_labels.insert(optional_labels.end(), f.optional_labels.begin(),
                                 f.optional_labels.end());
      }
      node.labels = sorted_unique(std::move(labels));
      node.optional_labels = sorted_unique(std::move(optional_labels));
      auto count = [&](Member::Kind kind) {
        return static_cast<std::size_t>(
            std::count_if(collected.entries().begin(), collected.entries().end(),
                          [kind](const MemberIndex::Entry& e) { return e.member->kind == kind; }));
      };
      // Exactly sized: grown one by one, they held a third more memory than they use.
      node.properties.reserve(count(Member::Kind::property));
      node.relationships.reserve(count(Member::Kind::relationship));
      out.links.reserve(node.relationships.capacity());
      for (const MemberIndex::Entry& entry : collected.entries()) {
        if (entry.member->kind == Member::Kind::property)
          node.properties.push_back(take(entry, &Member::property));
        else if (entry.member->kind == Member::Kind::relationship) {
          PendingRelationship rel = take(entry, &Member::relationship);
          node.relationships.push_back(std::move(rel.definition));
          out.links.push_back({rel.target, rel.model, rel.file, rel.location});
        }
      }
      check_properties(cls, node.properties, collected, out.diagnostics);
    } else {
      out.kind = ClassOutcome::Kind::relationship;
      out.model = std::make_unique<schema::RelationshipModel>();
      schema::RelationshipModel& model = *out.model;
      model.class_name = cls.stmt->name();
      for (const MemberIndex::Entry& entry : collected.entries()) {
        const Member& m = *entry.member;
        if (m.kind == Member::Kind::property)
          model.properties.push_back(take(entry, &Member::property));
        else if (m.kind == Member::Kind::relationship)
          warn(out.diagnostics, *m.file, m.location,
               "relationship '" + m.name + "' on relationship model '" + cls.stmt->name() +
                   "' has no meaning and is ignored");
      }
      check_properties(cls, model.properties, collected, out.diagnostics);
    }
  }

  static bool is_model(ClassRole role) {
    return role == ClassRole::node || role == ClassRole::relationship;
  }

  // Builds every node and relationship class of `all` into `outcomes` and `nodes` (same index),
  // on the pool when there are many.
  void build_classes(const std::vector<ClassRef>& all, const std::vector<const ClassInfo*>& infos,
                     const std::set<ClassRef>& bases, const SymbolTable& symbols, ClassGraph& graph,
                     const MemberReader& shared, std::vector<ClassOutcome>& outcomes,
                     std::vector<schema::Node>& nodes) {
    constexpr std::size_t kClassesPerThread = 1000; // below this a thread costs more than it saves
    constexpr std::size_t kChunk = 64;              // classes taken at a time, in file order
    // One symbol table and builder per worker (lookups are memoised, so each table has its own
    // memo over the shared indexes); the caller's worker uses `symbols`. Tables outlive the
    // builders that refer to them.
    worker_symbols_.resize(pool_->size());
    std::vector<std::optional<Builder>> builders(pool_->size());
    auto build_chunk = [&](std::size_t chunk, std::size_t worker) {
      if (!builders[worker]) {
        if (worker != 0)
          worker_symbols_[worker] =
              std::make_unique<const SymbolTable>(symbols, SymbolTable::OwnMemo{});
        builders[worker].emplace(worker == 0 ? symbols : *worker_symbols_[worker], graph);
      }
      const std::size_t end = std::min((chunk + 1) * kChunk, all.size());
      for (std::size_t i = chunk * kChunk; i < end; ++i) {
        const ClassInfo& info = *infos[i];
        if (is_model(info.role))
          build_class(all[i], info, bases.count(all[i]) > 0, graph, shared, *builders[worker],
                      outcomes[i], nodes[i]);
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

  void build(const SymbolTable& symbols, ClassGraph& graph, ReadResult& result) {
    struct Pending {
      ClassRef cls;
      OwnFacts facts;
      std::vector<RelationshipLink> links; // a node's: links[i] for node.relationships[i]
    };
    // The node classes in file order, and beside them what resolving them needs. Each node is
    // built at its class's index and only moved down over the other classes' slots: it (and its
    // relationships) stays in place until it becomes the schema's, as moving them into new
    // storage, on one thread, touched tens of megabytes afresh.
    std::vector<schema::Node> nodes;
    std::vector<Pending> node_pending;
    std::vector<std::pair<schema::RelationshipModel, Pending>> rel_models;
    std::set<ClassRef> rel_bases; // relationship classes that other relationship classes extend
    std::set<ClassRef> bases;     // classes that any class extends
    // The kgid each claimed class owns (pointing into its Pending), and whether it is a node
    // class: a relationship's target is looked up once, not also in the class graph.
    struct Claimed {
      const std::string* kgid;
      bool node;
    };
    PointerMap<const py::Stmt*, Claimed> kgid_of;
    const Evaluator evaluator(symbols);

    // Every class in file order: files_ is sorted by path, so only each file's classes (indexed
    // by name) need sorting, by line; no path is compared.
    std::vector<ClassRef> all;
    std::size_t classes = 0;
    for (const auto& file : files_)
      classes += file->classes.size();
    all.reserve(classes);
    for (const auto& file : files_) {
      const auto first = static_cast<std::ptrdiff_t>(all.size());
      for (const auto& [name, stmt] : file->classes)
        all.push_back({file.get(), stmt});
      std::sort(all.begin() + first, all.end(), [](const ClassRef& a, const ClassRef& b) {
        return a.stmt->location.line < b.stmt->location.line;
      });
    }
    node_pending.reserve(all.size());
    kgid_of.reserve(all.size());
    // Classifies every class (the graph is complete and read-only from here on); each class's
    // info is kept beside it, as the loops below would otherwise look it up again.
    std::vector<const ClassInfo*> infos;
    infos.reserve(all.size());
    for (const ClassRef& cls : all) {
      const ClassInfo& info = graph.info(cls);
      infos.push_back(&info);
      if (info.role == ClassRole::relationship)
        for (const ClassRef& base : info.project_bases)
          rel_bases.insert(base);
      bases.insert(info.project_bases.begin(), info.project_bases.end());
    }

    clock_.mark_with([&] { return "classify " + std::to_string(all.size()) + " classes"; });
    // The members of inherited classes, read once into the shared memo. Their diagnostics wait
    // for the first class whose MRO reaches them, where a serial build would have read them.
    Diagnostics inherited_scratch;
    MemberReader shared(symbols, graph, inherited_scratch);
    std::unordered_map<ClassRef, Diagnostics, ClassRefHash> inherited_diagnostics;
    for (std::size_t i = 0; i < all.size(); ++i) {
      const ClassRef& cls = all[i];
      const ClassInfo& info = *infos[i];
      if (!is_model(info.role))
        continue;
      for (const ClassRef& c : info.mro)
        if ((c != cls || bases.count(cls)) && !inherited_diagnostics.count(c)) {
          shared.own_members(c);
          inherited_diagnostics[c] = std::move(inherited_scratch);
          inherited_scratch.clear();
        }
    }

    std::vector<ClassOutcome> outcomes(all.size());
    nodes.resize(all.size());
    build_classes(all, infos, bases, symbols, graph, shared, outcomes, nodes);
    clock_.mark("read members");
    std::size_t node_count = 0;

    // The outcomes in file order.
    std::unordered_set<ClassRef, ClassRefHash> reported; // inherited members already reported
    for (std::size_t i = 0; i < all.size(); ++i) {
      const ClassRef& cls = all[i];
      const ClassInfo& info = *infos[i];
      if (!is_model(info.role)) {
        if (info.role == ClassRole::external && own_facts(cls, evaluator, diagnostics_).kgid)
          warn(*cls.file, cls.stmt->location,
               "class '" + cls.stmt->name() +
                   "' has a __kgid__ but derives from a class outside the models folder that "
                   "git-crochet cannot read; it is not part of the schema");
        continue;
      }
      ClassOutcome& out = outcomes[i];
      append(out.facts_diagnostics);
      for (auto it = info.mro.rbegin(); it != info.mro.rend(); ++it) {
        if (*it == cls && !bases.count(cls))
          append(out.member_diagnostics);
        else if (reported.insert(*it).second)
          append(inherited_diagnostics[*it]);
      }
      if (out.kind == ClassOutcome::Kind::abstract)
        continue;
      append(out.diagnostics);
      Pending pending{cls, std::move(out.facts), std::move(out.links)};
      if (out.kind == ClassOutcome::Kind::node) {
        if (node_count != i)
          nodes[node_count] = std::move(nodes[i]);
        ++node_count;
        node_pending.push_back(std::move(pending));
      } else {
        rel_models.emplace_back(std::move(*out.model), std::move(pending));
      }
    }
    nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(node_count), nodes.end());
    outcomes.clear();

    // Identity: every concrete model class carries its own, unique __kgid__.
    std::unordered_map<std::string, ClassRef> owner_of_kgid;
    std::set<ClassRef> used_models;
    for (const Pending& pending : node_pending)
      for (const RelationshipLink& link : pending.links)
        if (link.model)
          used_models.insert(*link.model);
    auto claim = [&](const Pending& pending, bool required, bool node) {
      const ClassRef& cls = pending.cls;
      if (!pending.facts.kgid) {
        if (!required)
          return false;
        error(*cls.file, cls.stmt->location,
              "class '" + cls.stmt->name() +
                  "' has no __kgid__; git-crochet tracks model identity by it. Run `git crochet "
                  "kgid --write` to stamp one");
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
      kgid_of.try_emplace(cls.stmt).first = {&*pending.facts.kgid, node};
      return true;
    };
    std::vector<bool> kept_nodes(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i)
      kept_nodes[i] = claim(node_pending[i], true, true);
    std::unordered_map<ClassRef, schema::RelationshipModel*, ClassRefHash> model_of;
    std::vector<schema::RelationshipModel*> kept_models;
    for (auto& [model, pending] : rel_models) {
      // A relationship class that is only a base of others and never used is abstract.
      const bool required = used_models.count(pending.cls) || !rel_bases.count(pending.cls);
      if (claim(pending, required, false)) {
        model.kgid = *pending.facts.kgid;
        model_of[pending.cls] = &model;
        kept_models.push_back(&model);
      }
    }

    clock_.mark("identity");
    // Targets and models to kgids; the nodes and relationships that stay are moved down over
    // those that do not, in place.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (!kept_nodes[i])
        continue;
      schema::Node& node = nodes[i];
      const Pending& pending = node_pending[i];
      node.kgid = *pending.facts.kgid;
      std::size_t kept_relationships = 0;
      for (std::size_t j = 0; j < node.relationships.size(); ++j) {
        schema::RelationshipDef& def = node.relationships[j];
        const RelationshipLink& rel = pending.links[j];
        const Claimed* claimed = rel.target ? kgid_of.find(rel.target->stmt) : nullptr;
        if (claimed && claimed->node) {
          def.target_class = rel.target->stmt->name();
          def.target_kgid = *claimed->kgid;
        } else if (rel.target) {
          const ClassInfo& target = graph.info(*rel.target);
          if (target.role != ClassRole::node) {
            error(*rel.file, rel.location,
                  "relationship '" + def.name + "' targets '" + rel.target->stmt->name() +
                      "', which is not a node class");
            continue;
          }
          def.target_class = rel.target->stmt->name();
          if (claimed)
            def.target_kgid = *claimed->kgid;
          else if (!own_facts(*rel.target, evaluator, diagnostics_).abstract)
            ; // the target's missing kgid is reported on the target itself
          else
            warn(*rel.file, rel.location,
                 "relationship '" + def.name + "' targets abstract class '" +
                     rel.target->stmt->name() + "'");
        }
        if (rel.model) {
          if (auto it = model_of.find(*rel.model); it != model_of.end()) {
            def.model_kgid = it->second->kgid;
            if (def.rel_type_resolved)
              it->second->rel_types.push_back(def.rel_type);
          }
        }
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
    result.schema.nodes = std::move(nodes);
    for (auto* model : kept_models)
      result.schema.relationships.push_back(std::move(*model));
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

  // Checks that need the whole class: db_property clashes and aliases pointing nowhere.
  static void check_properties(const ClassRef& cls, const std::vector<schema::Property>& properties,
                               const MemberIndex& members, Diagnostics& into) {
    // Stored properties by db name, in class order within a name: each after the first of its
    // name clashes with that first one. Clashes are rare, so their table is made only for one.
    std::vector<std::pair<std::string_view, std::size_t>> stored;
    stored.reserve(properties.size());
    for (std::size_t i = 0; i < properties.size(); ++i)
      if (properties[i].alias_of.empty())
        stored.emplace_back(properties[i].db_property, i);
    std::sort(stored.begin(), stored.end());
    std::vector<const std::string*> clashes_with;
    for (std::size_t k = 1; k < stored.size(); ++k)
      if (stored[k].first == stored[k - 1].first) {
        clashes_with.resize(properties.size());
        const std::size_t before = stored[k - 1].second;
        clashes_with[stored[k].second] =
            clashes_with[before] ? clashes_with[before] : &properties[before].name;
      }
    for (std::size_t i = 0; i < properties.size(); ++i) {
      const schema::Property& p = properties[i];
      const Member& m = *members.find(p.name);
      if (!p.alias_of.empty()) {
        const Member* target = members.find(p.alias_of);
        if (!target || target->kind != Member::Kind::property)
          error(into, *m.file, m.location,
                "alias '" + p.name + "' on class '" + cls.stmt->name() + "' points to '" +
                    p.alias_of + "', which is not a property of the class");
      } else if (!clashes_with.empty() && clashes_with[i]) {
        error(into, *m.file, m.location,
              "properties '" + *clashes_with[i] + "' and '" + p.name + "' of class '" +
                  cls.stmt->name() + "' are both stored as '" + p.db_property + "'");
      }
    }
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
