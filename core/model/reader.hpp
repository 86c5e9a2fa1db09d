#pragma once
// Reads the neomodel model files of one revision into the schema IR, without running Python.
// Parsing is per file; resolution (imports, constants, inheritance, relationship targets) is
// across all files of the models folder.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/model/source.hpp"
#include "core/schema/ir.hpp"
#include "core/util/diagnostic.hpp"

namespace crochet::model {

// What a reader of this revision makes of a given set of files. Caches of read results (schema
// snapshots per tree, the log, the pre-commit gate) are keyed by it, so a reader that reads the
// same files differently does not take an earlier reader's results for its own. Bump it with any
// change of results (a fix, a new check), not for a change of speed.
inline constexpr int kReaderRevision = 10;

struct ReadOptions {
  bool existence_constraints = false; // derive existence constraints for required properties
  std::string display_prefix;         // prepended to file paths in diagnostics, e.g. "models/"
  // The Python package name of the models folder, so `from app.models.person import Person`,
  // `from models.person import ...` and `from .person import ...` all find models/person.py.
  std::string package_name = "models";
  // Hand what the read built on the way (parsed files, symbol table, class graph) to the caller
  // (ReadResult::working_state) instead of freeing it: a command about to exit leaves it to exit
  // (util/keep_until_exit.hpp), 4-5% of a large read.
  bool hand_over_state = false;
  // Also take the schema hash (ReadResult::hash): the nodes are hashed while the objects are
  // derived, which a caller hashing the result afterwards cannot do.
  bool hash = false;
};

// What decides a read's results besides the files: the reader's revision and the options that
// change the schema or its diagnostics. Every cache of read results is keyed by it.
std::string results_key(const ReadOptions& options);

// A model class that has no __kgid__; `git crochet kgid --write` stamps one in.
struct MissingKgid {
  std::string file; // as in SourceFile::path
  std::string class_name;
  std::uint32_t class_line = 0;
  std::uint32_t insert_line = 0; // insert the new line before this line (after a docstring)
  std::string indent;            // the class body's indentation
  // `class A(StructuredNode): pass`: the body moves to a line of its own (indented by `indent`)
  // and the new line goes after it. body_column is where the body starts on the class line
  // (1-based, in code points); 0 when there is no body to move.
  bool one_line_body = false;
  std::uint32_t body_column = 0;
};

struct ReadResult {
  schema::Schema schema;   // normalized: every collection in canonical order
  std::string hash;        // with ReadOptions::hash and no error, schema's hash, else ""
  Diagnostics diagnostics; // warnings and errors, in file order
  std::vector<MissingKgid> missing_kgids;
  std::shared_ptr<void> working_state; // with ReadOptions::hand_over_state, else null
  bool ok() const { return !has_errors(diagnostics); }
};

// `files` is taken by value: each parsed file keeps its text, which a caller done with the set
// moves in instead of copying (a large folder's text is a few percent of a read's memory).
ReadResult read_models(SourceSet files, const ReadOptions& options = {});

struct FileModel;
// Supplies the parsed form of one file, as load_file_model(file, options.display_prefix,
// options.package_name) would; callers reading many revisions return the file they parsed before
// for the same path and blob. May be called from several threads at once.
using FileLoader = std::function<std::shared_ptr<const FileModel>(SourceFile)>;
ReadResult read_models(SourceSet files, const ReadOptions& options, const FileLoader& load);

// Like read_models, but throws DiagnosticError when there is any error.
schema::Schema read_schema(SourceSet files, const ReadOptions& options = {});

} // namespace crochet::model
