#pragma once
// The words every answer is made of, written once: Trakt text on one line,
// titles with their year, episode codes (S01E02), ids, counts and plurals,
// and dates in the local time zone (TZ).

#include "trakt/model/media.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trakt::text {

// Trakt text on one line: C0 controls, DEL, C1 controls (U+0080..U+009F, e.g.
// NEXT LINE) and the Unicode line and paragraph separators become spaces.
std::string one_line(std::string_view s);
// The same, with runs of spaces made one and no space at either end (overviews
// come with blank lines between paragraphs).
std::string one_line_collapsed(std::string_view s);

// "S01E02"; "S03" for a whole season.
std::string episode_code(std::int64_t season, std::int64_t number);
std::string season_code(std::int64_t season);

// The title on one line, "Untitled" when Trakt has none.
std::string title_or_untitled(std::string_view title);
// " (1995)", or "" when the year is unknown.
std::string year_suffix(const std::optional<int>& year);
// "[M] Heat (1995)" with tag "[M]".
std::string titled(std::string_view tag, const Title& t);
// "The Show S01E02 - Title" (" - Title" left out when the episode has none).
std::string episode_part(const Show& show, const Episode& e);

// How a line names ids: every id people can pass on (trakt, slug, imdb), or
// the Trakt id and one other, preferring IMDb (movies) or the slug (shows,
// people) and falling back to the other.
enum class IdStyle { all, prefer_imdb, prefer_slug };
// "trakt 1234 · imdb tt0113277", or "" when there are none.
std::string ids(const Ids& ids, IdStyle style);

// "1 show", "2 shows"; "1 entry", "2 entries" with the plural given.
std::string plural(std::int64_t n, std::string_view one);
std::string plural(std::int64_t n, std::string_view one, std::string_view many);
// 12345 -> "12,345".
std::string grouped(std::int64_t n);

// The calendar date of a UTC timestamp ("2026-11-24T01:00:00.000Z") in the
// local time zone, or nullopt when the timestamp cannot be read.
std::optional<std::string> local_date(std::string_view iso_utc);
// The same, "unknown date" when it cannot be read.
std::string date_or_unknown(std::string_view iso_utc);
// Today in the local time zone, YYYY-MM-DD.
std::string local_today();
// "YYYY-MM-DD" plus `days` days.
std::string add_days(const std::string& ymd, int days);

}  // namespace trakt::text
