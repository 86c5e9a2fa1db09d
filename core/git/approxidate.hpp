#pragma once
// Internal to core/git: the dates git accepts in reflog selectors such as main@{yesterday}.
// libgit2 1.5 does not export its date parser, and its own HEAD@{...} lookup reads the
// branch's reflog instead of HEAD's, so reflog selectors are resolved here.
#include <optional>
#include <string_view>

namespace crochet::git::detail {

// Seconds since the epoch for `text`, relative to `now`, like git's approxidate for the common
// forms: "now", "today", "yesterday", "noon", "midnight", "<n> <unit>[s] [ago]" (units second,
// minute, hour, day, week, month, year; "." may separate words), "last <unit>",
// "YYYY-MM-DD" / "YYYY/MM/DD" [("T"|" ")"HH:MM[:SS]"] [" +HHMM" | "Z"], "@<seconds>" and
// bare seconds. A date without a time keeps the time of day and UTC offset of `now`, as git
// does; otherwise local time applies when no zone is given. nullopt when `text` is not
// understood.
std::optional<long long> parse_approxidate(std::string_view text, long long now);

} // namespace crochet::git::detail
