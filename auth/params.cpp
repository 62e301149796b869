#include "auth/params.hpp"

#include "support/text.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>

namespace auth {
namespace urls = boost::urls;

namespace {

using support::iequals;
std::string_view trim(std::string_view v) { return support::trim_blanks(v); }

}  // namespace

std::optional<Params> Params::parse(std::string_view encoded) {
  Params out;
  if (encoded.empty()) return out;
  auto parsed = urls::parse_query(encoded);
  if (!parsed) return std::nullopt;
  // Forms encode a space as '+'.
  urls::params_view view(*parsed, urls::encoding_opts(true));
  for (auto param : view) {
    if (param.key.empty()) continue;
    out.items_.emplace_back(param.key, param.has_value ? param.value : std::string());
  }
  return out;
}

std::optional<Params> Params::from_target(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return Params{};
  return parse(target.substr(q + 1));
}

std::optional<std::string> Params::get(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (k == name && !v.empty()) return v;
  }
  return std::nullopt;
}

bool Params::repeated(std::string_view name) const {
  return std::count_if(items_.begin(), items_.end(), [&](const auto& kv) { return kv.first == name; }) > 1;
}

std::string_view Params::first_repeated(std::initializer_list<std::string_view> names) const {
  for (auto name : names) {
    if (repeated(name)) return name;
  }
  return {};
}

std::string cookie(const support::WebRequest& request, std::string_view name) {
  for (const auto& [k, v] : request.headers) {
    if (!iequals(k, "cookie")) continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      const auto pair = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      const auto eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (trim(pair.substr(0, eq)) == name) {
        auto value = trim(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        return std::string(value);
      }
    }
  }
  return {};
}

bool has_media_type(const support::WebRequest& request, std::string_view type) {
  const std::string content_type = request.header("content-type");
  return iequals(trim(std::string_view(content_type).substr(0, content_type.find(';'))), type);
}

bool looks_like_token(std::string_view text) {
  return text.size() == 43 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

}  // namespace auth
