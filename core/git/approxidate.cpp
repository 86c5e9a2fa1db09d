#include "core/git/approxidate.hpp"

#include <cctype>
#include <ctime>
#include <string>
#include <vector>

namespace crochet::git::detail {
namespace {

constexpr long long day_seconds = 24 * 60 * 60;

std::tm local_tm(long long seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm out{};
  localtime_r(&time, &out);
  return out;
}

long long from_local_tm(std::tm tm) {
  tm.tm_isdst = -1; // let mktime decide, as the day may be on the other side of a DST change
  return static_cast<long long>(std::mktime(&tm));
}

// Reads 1..max_digits digits at `pos`; advances it.
std::optional<int> read_number(std::string_view text, std::size_t& pos, std::size_t max_digits) {
  std::size_t end = pos;
  while (end < text.size() && end - pos < max_digits &&
         std::isdigit(static_cast<unsigned char>(text[end])))
    ++end;
  if (end == pos)
    return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < end; ++i)
    value = value * 10 + (text[i] - '0');
  pos = end;
  return value;
}

bool all_digits(std::string_view text) {
  if (text.empty())
    return false;
  for (const char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  return true;
}

// "YYYY-MM-DD" with '-', '/' or '.', then optionally a time and a zone.
std::optional<long long> parse_calendar_date(std::string_view text, long long now) {
  std::size_t pos = 0;
  const auto year = read_number(text, pos, 4);
  if (!year || pos != 4 || pos >= text.size())
    return std::nullopt;
  const char separator = text[pos];
  if (separator != '-' && separator != '/' && separator != '.')
    return std::nullopt;
  ++pos;
  const auto month = read_number(text, pos, 2);
  if (!month || pos >= text.size() || text[pos] != separator)
    return std::nullopt;
  ++pos;
  const auto day = read_number(text, pos, 2);
  if (!day || *month < 1 || *month > 12 || *day < 1 || *day > 31)
    return std::nullopt;

  std::tm tm = local_tm(now);
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  if (pos == text.size()) {
    // Without a time, git keeps the current time of day and the current UTC offset.
    const long long offset = tm.tm_gmtoff;
    tm.tm_isdst = 0;
    return static_cast<long long>(timegm(&tm)) - offset;
  }

  if (text[pos] != 'T' && text[pos] != ' ')
    return std::nullopt;
  ++pos;
  const auto hour = read_number(text, pos, 2);
  if (!hour || pos >= text.size() || text[pos] != ':')
    return std::nullopt;
  ++pos;
  const auto minute = read_number(text, pos, 2);
  if (!minute)
    return std::nullopt;
  int second = 0;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    const auto parsed = read_number(text, pos, 2);
    if (!parsed)
      return std::nullopt;
    second = *parsed;
  }
  if (*hour > 23 || *minute > 59 || second > 60)
    return std::nullopt;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = second;

  while (pos < text.size() && text[pos] == ' ')
    ++pos;
  if (pos == text.size())
    return from_local_tm(tm);
  long long offset_seconds = 0;
  if (text.substr(pos) != "Z" && text.substr(pos) != "UTC") {
    const char sign = text[pos];
    if (sign != '+' && sign != '-')
      return std::nullopt;
    ++pos;
    const auto hours = read_number(text, pos, 2);
    if (pos < text.size() && text[pos] == ':')
      ++pos;
    const auto minutes = read_number(text, pos, 2);
    if (!hours || !minutes || pos != text.size() || *minutes > 59)
      return std::nullopt;
    offset_seconds = (*hours * 60LL + *minutes) * 60 * (sign == '-' ? -1 : 1);
  }
  tm.tm_isdst = 0;
  return static_cast<long long>(timegm(&tm)) - offset_seconds;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (const char c : text) {
    if (c == ' ' || c == '.' || c == ',' || c == '\t' || c == '_') {
      if (!current.empty())
        words.push_back(std::move(current));
      current.clear();
    } else {
      current += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!current.empty())
    words.push_back(std::move(current));
  return words;
}

enum class Unit { second, minute, hour, day, week, month, year };

std::optional<Unit> unit_of(std::string word) {
  if (word.size() > 1 && word.back() == 's')
    word.pop_back();
  if (word == "second")
    return Unit::second;
  if (word == "minute")
    return Unit::minute;
  if (word == "hour")
    return Unit::hour;
  if (word == "day")
    return Unit::day;
  if (word == "week")
    return Unit::week;
  if (word == "month")
    return Unit::month;
  if (word == "year")
    return Unit::year;
  return std::nullopt;
}

long long go_back(long long time, long long count, Unit unit) {
  switch (unit) {
  case Unit::second:
    return time - count;
  case Unit::minute:
    return time - count * 60;
  case Unit::hour:
    return time - count * 3600;
  case Unit::day:
    return time - count * day_seconds;
  case Unit::week:
    return time - count * 7 * day_seconds;
  case Unit::month: { // calendar months, like git
    std::tm tm = local_tm(time);
    tm.tm_mon -= static_cast<int>(count);
    return from_local_tm(tm);
  }
  case Unit::year: {
    std::tm tm = local_tm(time);
    tm.tm_year -= static_cast<int>(count);
    return from_local_tm(tm);
  }
  }
  return time;
}

// Sets the time of day; "noon" before noon means yesterday's, as in git.
long long at_hour(long long time, int hour) {
  std::tm tm = local_tm(time);
  if (hour == 12 && tm.tm_hour < 12)
    tm = local_tm(time - day_seconds);
  tm.tm_hour = hour;
  tm.tm_min = 0;
  tm.tm_sec = 0;
  return from_local_tm(tm);
}

std::optional<long long> parse_relative(std::string_view text, long long now) {
  const std::vector<std::string> words = words_of(text);
  if (words.empty())
    return std::nullopt;
  long long time = now;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "now" || word == "today" || word == "ago")
      continue;
    if (word == "yesterday") {
      time -= day_seconds;
    } else if (word == "noon") {
      time = at_hour(time, 12);
    } else if (word == "midnight") {
      time = at_hour(time, 0);
    } else if (word == "last" || all_digits(word)) {
      if (i + 1 >= words.size() || word.size() > 9)
        return std::nullopt;
      const auto unit = unit_of(words[i + 1]);
      if (!unit)
        return std::nullopt;
      time = go_back(time, word == "last" ? 1 : std::stoll(word), *unit);
      ++i;
    } else {
      return std::nullopt;
    }
  }
  return time;
}

} // namespace

std::optional<long long> parse_approxidate(std::string_view text, long long now) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  if (text.starts_with('@') && all_digits(text.substr(1)) && text.size() <= 19)
    return std::stoll(std::string(text.substr(1)));
  if (all_digits(text) && text.size() >= 9 && text.size() <= 18)
    return std::stoll(std::string(text));
  if (text.size() >= 8 && all_digits(text.substr(0, 4)))
    if (const auto date = parse_calendar_date(text, now))
      return date;
  return parse_relative(text, now);
}

} // namespace crochet::git::detail
