#pragma once
// The ledger's own file format: tables, triggers and the steps that bring an older ledger file
// up to kFormatVersion. Private to the ledger layer.
#include "core/ledger/sqlite.hpp"

namespace crochet::ledger::format {

// Upgrades the schema from `from` (0 = an empty new file) to kFormatVersion inside the caller's
// transaction, and sets user_version.
void upgrade(sqlite::Database& db, int from);

// Checks the identity of an opened file: application_id and user_version. Throws "not a crochet
// ledger" for another application's database, "written by a newer git-crochet" for a newer
// format. Returns the file's format version.
int check_identity(sqlite::Database& db);

} // namespace crochet::ledger::format
