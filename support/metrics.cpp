// See metrics.hpp. One mutex for the whole registry: updates are rare next to
// the work they count (a request, a tool call), and only happen when enabled.

#include "support/metrics.hpp"

#include "support/shortest_double.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>

namespace support::metrics {

namespace detail {
std::atomic<bool> enabled{false};
}

namespace {

struct Series {
  std::vector<std::string> values;  // label values, in the family's label order
  double value = 0;                 // counter, gauge; histogram: the sum
  std::vector<std::uint64_t> buckets;  // histogram: observations ≤ each bound (not cumulative)
  std::uint64_t count = 0;             // histogram: observations
};

struct FamilyData {
  const Family* family;
  std::map<std::string, Series> series;  // by the label values joined with \x1f
};

struct Registry {
  std::mutex mutex;
  std::map<std::string_view, FamilyData> families;  // by name: the order of /metrics
};

Registry& registry() {
  static Registry r;
  return r;
}

void append_number(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  append_shortest(out, v);
}

// Label values: backslash, double quote and newline escaped (the format's rule).
void append_label_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

// HELP text: backslash and newline escaped.
void append_help(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

// {a="x",b="y"} plus an extra label (le) when given; nothing when no labels.
void append_labels(std::string& out, const Family& f, const Series& s, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
  if (f.labels().empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  for (std::size_t i = 0; i < f.labels().size(); ++i) {
    if (!first) out += ',';
    first = false;
    out += f.labels()[i];
    out += "=\"";
    append_label_value(out, s.values[i]);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::counter: return "counter";
    case Kind::gauge: return "gauge";
    case Kind::histogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

void enable() { detail::enabled.store(true, std::memory_order_relaxed); }

void Family::update(std::initializer_list<std::string_view> values, double value, bool assign) {
  std::string key;
  for (auto v : values) {
    key += v;
    key += '\x1f';
  }
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  FamilyData& f = r.families.try_emplace(name_, FamilyData{this, {}}).first->second;
  auto [it, fresh] = f.series.try_emplace(std::move(key));
  Series& s = it->second;
  if (fresh) {
    for (auto v : values) s.values.emplace_back(v);
    s.values.resize(label_count_);  // a caller's missing values read as ""
    s.buckets.assign(buckets_.size(), 0);
  }
  if (kind_ == Kind::histogram) {
    const auto bound = std::lower_bound(buckets_.begin(), buckets_.end(), value);
    if (bound != buckets_.end()) ++s.buckets[static_cast<std::size_t>(bound - buckets_.begin())];
    s.value += value;
    ++s.count;
  } else if (assign) {
    s.value = value;
  } else {
    s.value += value;
  }
}

std::string render() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::string out;
  out.reserve(4096);
  for (const auto& [name, data] : r.families) {
    const Family& f = *data.family;
    out += "# HELP ";
    out += name;
    out += ' ';
    append_help(out, f.help());
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += kind_name(f.kind());
    out += '\n';
    const auto bounds = f.buckets();
    for (const auto& [key, s] : data.series) {
      if (f.kind() != Kind::histogram) {
        out += name;
        append_labels(out, f, s);
        out += ' ';
        append_number(out, s.value);
        out += '\n';
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= bounds.size(); ++i) {
        std::string le;
        if (i < bounds.size()) {
          cumulative += s.buckets[i];
          append_number(le, bounds[i]);
        } else {
          cumulative = s.count;
          le = "+Inf";
        }
        out += name;
        out += "_bucket";
        append_labels(out, f, s, "le", le);
        out += ' ';
        out += std::to_string(cumulative);
        out += '\n';
      }
      out += name;
      out += "_sum";
      append_labels(out, f, s);
      out += ' ';
      append_number(out, s.value);
      out += '\n';
      out += name;
      out += "_count";
      append_labels(out, f, s);
      out += ' ';
      out += std::to_string(s.count);
      out += '\n';
    }
  }
  return out;
}

}  // namespace support::metrics
