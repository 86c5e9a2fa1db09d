#include "core/migration/coverage.hpp"

#include "core/migration/schema_snapshot.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::migration {

const char* to_string(CoverageState state) {
  switch (state) {
  case CoverageState::covered:
    return "covered";
  case CoverageState::uncovered:
    return "uncovered";
  case CoverageState::several_heads:
    return "several_heads";
  case CoverageState::invalid:
    return "invalid";
  }
  return "invalid";
}

Coverage check_coverage(const std::vector<MigrationFile>& files, const schema::Schema& models) {
  Chain chain;
  try {
    chain = load_chain(files);
  } catch (const Error& e) {
    Coverage coverage;
    coverage.models_hash = schema::schema_hash(models);
    coverage.state = CoverageState::invalid;
    coverage.message = std::string("the migrations do not load: ") + e.what();
    return coverage;
  }
  return check_coverage(chain, files, models);
}

Coverage check_coverage(const Chain& chain, const std::vector<MigrationFile>& files,
                        const schema::Schema& models) {
  Coverage coverage;
  coverage.models_hash = schema::schema_hash(models);
  for (const std::string& head : chain.heads) {
    const Migration* migration = chain.find(head);
    coverage.heads.push_back(migration->file + " (" + head + ")");
  }
  if (chain.heads.size() > 1) {
    coverage.state = CoverageState::several_heads;
    std::string names;
    for (const std::string& head : coverage.heads)
      names += (names.empty() ? "" : ", ") + head;
    coverage.message = "the migrations have " + std::to_string(chain.heads.size()) + " heads (" +
                       names + "); run `" + advice::crochet("merge") + "`";
    return coverage;
  }
  const Migration* head = chain.head();
  coverage.head_schema_hash = head ? head->schema_hash : schema::schema_hash(schema::Schema{});
  if (head) {
    coverage.head_revision = head->revision;
    coverage.head_file = head->file;
  }
  if (coverage.head_schema_hash == coverage.models_hash) {
    coverage.state = CoverageState::covered;
    coverage.message = head ? "the head migration " + head->file + " records the models' schema"
                            : std::string("there are no models and no migrations");
    return coverage;
  }
  coverage.state = CoverageState::uncovered;
  coverage.message = head ? "the models (" + coverage.models_hash +
                                ") differ from the schema the head migration " + head->file +
                                " records (" + head->schema_hash + ")"
                          : "the models define a schema but there are no migrations";
  try {
    std::optional<schema::Schema> base =
        head ? find_snapshot(files, head->schema_hash) : std::optional(schema::Schema{});
    if (base)
      coverage.missing = schema::diff(*base, models);
  } catch (const Error&) {
    // A bad snapshot only costs the detail; the verdict stands.
  }
  return coverage;
}

} // namespace crochet::migration
