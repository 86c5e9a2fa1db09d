#include "core/ledger/ledger.hpp"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <system_error>

#include <fmt/format.h>
#include <unistd.h>

#include "core/ledger/format.hpp"
#include "core/ledger/impl.hpp"
#include "core/util/advice.hpp"
#include "core/util/error.hpp"

namespace crochet::ledger {

namespace fs = std::filesystem;

std::string format_timestamp(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  const auto since_epoch = duration_cast<milliseconds>(time.time_since_epoch()).count();
  auto seconds = static_cast<std::time_t>(since_epoch / 1000);
  long long millis = since_epoch % 1000;
  if (millis < 0) {
    millis += 1000;
    --seconds;
  }
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                     utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
}

namespace {

// Per-connection settings; foreign keys and the busy timeout are not stored in the file.
void configure(sqlite::Database& db, const OpenOptions& options) {
  sqlite3_busy_timeout(db.handle(), static_cast<int>(options.busy_timeout.count()));
  db.exec("PRAGMA foreign_keys = ON", "configuring the connection");
}

// Builds a complete ledger under a temporary name, then links it into place: the final path
// either does not exist or holds a whole ledger, even after a crash. When another process won
// the race, its ledger is kept and ours discarded.
void create_file(const fs::path& path, const OpenOptions& options) {
  static std::atomic<unsigned> counter{0};
  std::error_code ec;
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      throw Error("cannot create the folder '" + path.parent_path().string() +
                  "' for the ledger: " + ec.message());
  }
  const fs::path temporary =
      path.string() + fmt::format(".new-{}-{}", static_cast<long>(getpid()), counter++);
  struct Cleanup {
    fs::path file;
    ~Cleanup() {
      std::error_code ignored;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        fs::remove(file.string() + suffix, ignored);
    }
  } cleanup{temporary};
  {
    sqlite::Database db(temporary, /*create=*/true);
    configure(db, options);
    db.exec("PRAGMA journal_mode = WAL", "creating it");
    sqlite::Transaction transaction(db);
    format::upgrade(db, 0);
    transaction.commit();
  }
  if (link(temporary.c_str(), path.c_str()) == 0 || errno == EEXIST)
    return;
  // File systems without hard links: a rename is still atomic, only a creation race is lost.
  const int link_error = errno;
  if ((link_error == EPERM || link_error == EOPNOTSUPP || link_error == ENOSYS) &&
      !fs::exists(path, ec) && std::rename(temporary.c_str(), path.c_str()) == 0)
    return;
  throw Error("cannot create the ledger '" + path.string() +
              "': " + std::error_code(link_error, std::generic_category()).message());
}

AppliedMigration read_applied(const sqlite::Statement& row) {
  AppliedMigration m;
  m.revision = row.text(0);
  const Json parents = Json::parse(row.text(1), nullptr, /*allow_exceptions=*/false);
  if (parents.is_array())
    for (const Json& parent : parents)
      if (parent.is_string())
        m.parents.push_back(parent.get<std::string>());
  m.file = row.text(2);
  m.file_sha256 = row.text(3);
  m.chain_hash = row.text(4);
  m.schema_hash = row.text(5);
  m.commit_sha = row.text(6);
  m.branch = row.text(7);
  m.applied_by = row.text(8);
  m.applied_at = row.text(9);
  m.duration_ms = row.integer(10);
  m.target_uri = row.text(11);
  m.target_database = row.text(12);
  m.method = row.text(13);
  return m;
}

constexpr const char* kAppliedColumns =
    "revision, parents, file, file_sha256, chain_hash, schema_hash, commit_sha, branch, "
    "applied_by, applied_at, duration_ms, target_uri, target_database, method";

void insert_applied(Ledger::Impl& impl, const AppliedMigration& m) {
  {
    sqlite::Statement exists(impl.db, "SELECT 1 FROM applied_migrations WHERE revision = ?");
    exists.bind(1, m.revision);
    if (exists.step())
      throw Error("migration " + m.revision + " is already recorded as applied in the ledger",
                  "`" + advice::crochet("status") + "` lists what the database has");
  }
  if (m.method != "upgrade" && m.method != "stamp" && m.method != "mirror")
    throw Error("unknown way of applying a migration: '" + m.method + "'");
  sqlite::Statement insert(
      impl.db, fmt::format("INSERT INTO applied_migrations (seq, {}) VALUES ("
                           "(SELECT COALESCE(MAX(seq), 0) + 1 FROM applied_migrations), "
                           "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           kAppliedColumns));
  insert.bind(1, m.revision)
      .bind(2, Json(m.parents).dump())
      .bind(3, m.file)
      .bind(4, m.file_sha256)
      .bind(5, m.chain_hash)
      .bind(6, m.schema_hash)
      .bind_optional(7, m.commit_sha)
      .bind_optional(8, m.branch)
      .bind(9, m.applied_by)
      .bind(10, impl.now())
      .bind(11, static_cast<std::int64_t>(m.duration_ms))
      .bind(12, m.target_uri)
      .bind(13, m.target_database)
      .bind(14, m.method)
      .run();
}

} // namespace

void delete_run(Ledger::Impl& impl, const std::string& revision) {
  sqlite::Statement remove(impl.db, "DELETE FROM runs WHERE revision = ?");
  remove.bind(1, revision).run();
}

Ledger::Ledger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ledger::Ledger(Ledger&&) noexcept = default;
Ledger& Ledger::operator=(Ledger&&) noexcept = default;
Ledger::~Ledger() = default;

Ledger Ledger::open(const fs::path& path, const OpenOptions& options) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (!options.create)
      throw Error("there is no ledger at '" + path.string() + "'",
                  "nothing has been applied from this checkout yet");
    create_file(path, options);
  } else if (fs::is_directory(path, ec)) {
    throw Error("'" + path.string() + "' is a folder, not a crochet ledger");
  }

  sqlite::Database db(path, /*create=*/false);
  configure(db, options);
  int version = format::check_identity(db);
  // A truncated or damaged file often opens fine and fails later, half-way through a command;
  // a quick structural check now turns that into one clear error before anything is written.
  const std::string check = db.query_text("PRAGMA quick_check(1)");
  if (check != "ok")
    throw Error("the ledger '" + path.string() + "' is corrupt (" + check + ")",
                "restore it from a backup, or move it aside and record what the database has "
                "with `" +
                    advice::crochet("stamp REV") + "`");
  db.exec("PRAGMA journal_mode = WAL", "opening it");
  if (version < kFormatVersion) {
    sqlite::Transaction transaction(db);
    version = format::check_identity(db); // another process may have upgraded it meanwhile
    if (version < kFormatVersion)
      format::upgrade(db, version);
    transaction.commit();
    version = kFormatVersion;
  }
  auto impl = std::make_unique<Impl>(Impl{std::move(db), options.clock, version});
  return Ledger(std::move(impl));
}

std::optional<Ledger> Ledger::open_existing(const fs::path& path, const OpenOptions& options) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    return std::nullopt;
  OpenOptions existing = options;
  existing.create = false;
  return open(path, existing);
}

const fs::path& Ledger::path() const {
  return impl_->db.path();
}
int Ledger::format_version() const {
  return impl_->version;
}

void Ledger::record_applied(const AppliedMigration& migration, const NewEvent& event) {
  record_applied({{migration, event}});
}

void Ledger::record_applied(const std::vector<std::pair<AppliedMigration, NewEvent>>& migrations) {
  sqlite::Transaction transaction(impl_->db);
  for (const auto& [migration, event] : migrations) {
    insert_applied(*impl_, migration);
    delete_run(*impl_, migration.revision);
    append_event_in(*impl_, event);
  }
  transaction.commit();
}

void Ledger::record_reverted(const std::string& revision, const NewEvent& event) {
  sqlite::Transaction transaction(impl_->db);
  sqlite::Statement remove(impl_->db, "DELETE FROM applied_migrations WHERE revision = ?");
  remove.bind(1, revision).run();
  if (remove.changes() == 0)
    throw Error("migration " + revision + " is not recorded as applied in the ledger",
                "`" + advice::crochet("status") + "` lists what the database has");
  delete_run(*impl_, revision);
  append_event_in(*impl_, event);
  transaction.commit();
}

std::vector<AppliedMigration> Ledger::applied() const {
  sqlite::Statement query(
      impl_->db, fmt::format("SELECT {} FROM applied_migrations ORDER BY seq", kAppliedColumns));
  std::vector<AppliedMigration> result;
  while (query.step())
    result.push_back(read_applied(query));
  return result;
}

std::optional<AppliedMigration> Ledger::find_applied(const std::string& revision) const {
  sqlite::Statement query(
      impl_->db,
      fmt::format("SELECT {} FROM applied_migrations WHERE revision = ?", kAppliedColumns));
  query.bind(1, revision);
  if (!query.step())
    return std::nullopt;
  return read_applied(query);
}

int Ledger::remap_commits(const std::map<std::string, std::string>& old_to_new,
                          const std::string& actor) {
  if (old_to_new.empty())
    return 0;
  sqlite::Transaction transaction(impl_->db);
  // Read first, then write by key, so a chain a->b, b->c in one map never moves a row twice.
  std::vector<std::pair<std::string, std::string>> moves; // revision, new commit
  Json moved = Json::object();
  {
    sqlite::Statement query(impl_->db, "SELECT revision, commit_sha FROM applied_migrations "
                                       "WHERE commit_sha IS NOT NULL ORDER BY seq");
    while (query.step()) {
      const auto found = old_to_new.find(query.text(1));
      if (found != old_to_new.end() && found->second != found->first) {
        moves.emplace_back(query.text(0), found->second);
        moved[found->first] = found->second;
      }
    }
  }
  for (const auto& [revision, commit] : moves) {
    sqlite::Statement update(impl_->db,
                             "UPDATE applied_migrations SET commit_sha = ? WHERE revision = ?");
    update.bind(1, commit).bind(2, revision).run();
  }
  std::vector<std::pair<std::string, std::string>> run_moves;
  {
    sqlite::Statement query(impl_->db,
                            "SELECT revision, commit_sha FROM runs WHERE commit_sha IS NOT NULL");
    while (query.step()) {
      const auto found = old_to_new.find(query.text(1));
      if (found != old_to_new.end())
        run_moves.emplace_back(query.text(0), found->second);
    }
  }
  for (const auto& [revision, commit] : run_moves) {
    sqlite::Statement update(impl_->db, "UPDATE runs SET commit_sha = ? WHERE revision = ?");
    update.bind(1, commit).bind(2, revision).run();
  }
  if (!moves.empty()) {
    Json revisions = Json::array();
    for (const auto& move : moves)
      revisions.push_back(move.first);
    append_event_in(*impl_, NewEvent{event_kind::remap, "", "ok", actor,
                                     Json{{"commits", moved}, {"revisions", revisions}}});
  }
  transaction.commit();
  return static_cast<int>(moves.size());
}

} // namespace crochet::ledger
