// The reflog date parser against git's own (`git rev-parse --since` with a pinned "now").
#include "core/git/approxidate.hpp"

#include <ctime>

#include "tests/unit/git/git_fixture.hpp"

namespace crochet::git {
namespace {

using detail::parse_approxidate;

constexpr long long pinned_now = 1600000000; // 2020-09-13 12:26:40 UTC

class ApproxidateTest : public testing::GitSandbox {
protected:
  const std::filesystem::path& repo() {
    if (repo_.empty())
      repo_ = init_repo("dates"); // git rev-parse wants a repository
    return repo_;
  }
  std::filesystem::path repo_;

  long long git_date(const std::string& text) {
    const std::string out = sh("GIT_TEST_DATE_NOW=" + std::to_string(pinned_now) +
                                   " git rev-parse --since='" + text + "'",
                               repo());
    constexpr std::string_view prefix = "--max-age=";
    EXPECT_TRUE(std::string_view(out).starts_with(prefix)) << out;
    return std::stoll(out.substr(prefix.size()));
  }

  void expect_same_as_git(const std::vector<std::string>& forms) {
    for (const std::string& form : forms) {
      const auto ours = parse_approxidate(form, pinned_now);
      ASSERT_TRUE(ours) << form;
      EXPECT_EQ(*ours, git_date(form)) << form;
    }
  }

  const std::vector<std::string> forms_ = {"now",
                                           "today",
                                           "yesterday",
                                           "noon",
                                           "midnight",
                                           "yesterday noon",
                                           "2 days ago",
                                           "2.days.ago",
                                           "3 days",
                                           "1 week ago",
                                           "3.weeks.ago",
                                           "last week",
                                           "last month",
                                           "2 months ago",
                                           "1 year ago",
                                           "1.year",
                                           "10 minutes ago",
                                           "1 hour ago",
                                           "2.hours",
                                           "45 seconds ago",
                                           "2 DAYS AGO",
                                           "  2 days ago ",
                                           "2005-04-07",
                                           "2005/04/07",
                                           "2005-4-7",
                                           "2005-04-07 12:30",
                                           "2005-04-07T12:30:15",
                                           "2005-04-07 12:30:15 +0200",
                                           "2005-04-07 12:30:15 -0530",
                                           "2005-04-07 12:30Z",
                                           "2020-02-30",
                                           "2020-01-15",
                                           "2020-01-15 12:30",
                                           "2020-03-29 02:30",
                                           "2020-10-25 02:30",
                                           "@1500000000",
                                           "1500000000"};
};

TEST_F(ApproxidateTest, MatchesGitInUtc) {
  const testing::ScopedEnv tz("TZ", "UTC");
  ::tzset();
  expect_same_as_git(forms_);
}

TEST_F(ApproxidateTest, MatchesGitInAZoneWithDaylightSaving) {
  if (!std::filesystem::exists("/usr/share/zoneinfo/Europe/Paris"))
    GTEST_SKIP() << "no time zone database";
  {
    const testing::ScopedEnv tz("TZ", "Europe/Paris");
    ::tzset();
    expect_same_as_git(forms_);
    // Across the DST change: a month before mid-April is mid-March, same wall-clock time.
    const auto april = parse_approxidate("2021-04-15 10:00", pinned_now);
    ASSERT_TRUE(april);
    EXPECT_EQ(parse_approxidate("1 month ago", *april), *april - (31 * 86400 - 3600));
  }
  ::tzset();
}

TEST_F(ApproxidateTest, RejectsWhatItDoesNotUnderstand) {
  for (const std::string bad : {"", "garbage", "2 fortnights ago", "5", "12345678", "2005-13-01",
                                "2005-04-07 25:00", "2005-04-07 12:30 CEST", "last", "3 yesterday"})
    EXPECT_EQ(parse_approxidate(bad, pinned_now), std::nullopt) << bad;
}

} // namespace
} // namespace crochet::git
