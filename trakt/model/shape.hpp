#pragma once
// One description per Trakt shape: a struct listed with BOOST_DESCRIBE_STRUCT
// (and, where a field needs more than its C++ type says, a `fields` table) is
// read from Trakt's JSON, written into structuredContent and given its JSON
// Schema by the walkers here, so the three can never disagree.
//
// Reading is tolerant (Trakt's shapes grow, and send null for "unknown"):
// unknown keys are ignored; a missing, null or unreadable member keeps its
// default (an optional stays empty, a vector keeps the readable elements),
// unless its Field says `needed`, which makes the whole item unreadable.
// A Field's choices and range are checked on reading too: a value outside
// them reads as absent. After its members, a struct's `bool accept()` (when it
// has one) may reject the item or fill what is derived from it.
//
// Writing leaves out empty optionals (no nulls reach clients) and builds in
// place, in the storage of the value written into (the answer's monotonic
// resource). Properties come in member order. Text derived from members as
// they are written (a local date: TZ is read then) is listed in the struct's
// `derived` table (strings, never required) and written by its
// `void derive(boost::json::object&) const`.
//
// The schema: object members are required unless optional; vectors are
// arrays; a Field adds its description, enum and range. A type with its own
// conversions gives its schema with `static boost::json::object json_schema()`.

#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/describe/class.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/system/result.hpp>

#include <cmath>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <vector>

namespace trakt::model {

// What a member needs beyond its C++ type, for reading and for its schema.
struct Field {
  std::string_view name;
  std::string_view description = {};
  std::string_view choices = {};         // "movie|show": the values allowed (a JSON Schema enum)
  std::optional<double> minimum = {};    // numbers: smaller reads as absent
  std::optional<double> maximum = {};
  bool needed = false;                   // the item is unreadable without it
  bool blank_is_none = false;            // strings: empty or blank reads as absent
};

// The error a conversion returns for JSON of the wrong shape.
inline const boost::system::error_code shape_error = std::make_error_code(std::errc::invalid_argument);

template <class T>
concept described = boost::describe::has_describe_members<T>::value;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

namespace detail {

template <class T>
constexpr const Field* field_of(std::string_view name) {
  if constexpr (requires { T::fields; }) {
    for (const Field& f : T::fields)
      if (f.name == name) return &f;
  }
  return nullptr;
}

inline bool in_choices(std::string_view value, std::string_view choices) {
  while (!choices.empty()) {
    const auto bar = choices.find('|');
    if (choices.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    choices.remove_prefix(bar + 1);
  }
  return false;
}

inline bool blank(std::string_view s) {
  for (const unsigned char c : s)
    if (c > 0x20 && c != 0x7f) return false;
  return true;
}

inline bool in_range(double x, const Field* f) {
  return !f || ((!f->minimum || x >= *f->minimum) && (!f->maximum || x <= *f->maximum));
}

}  // namespace detail

// Reads `v` into `out`; false (and `out` untouched) when it cannot be read.
template <class T>
bool read(const boost::json::value& v, T& out, const Field* f = nullptr);

template <described T>
boost::system::result<T> read_described(const boost::json::value& v);

template <class T>
bool read(const boost::json::value& v, T& out, const Field* f) {
  namespace json = boost::json;
  if constexpr (is_optional<T>::value) {
    typename T::value_type x{};
    if (v.is_null() || !read(v, x, f)) return false;
    out = std::move(x);
    return true;
  } else if constexpr (is_vector<T>::value) {
    const auto* a = v.if_array();
    if (!a) return false;
    T items;
    items.reserve(a->size());
    for (const auto& e : *a) {
      typename T::value_type x{};
      if (read(e, x, f)) items.push_back(std::move(x));
    }
    out = std::move(items);
    return true;
  } else if constexpr (std::is_same_v<T, std::string>) {
    const auto* s = v.if_string();
    if (!s || (f && f->blank_is_none && detail::blank(*s)) ||
        (f && !f->choices.empty() && !detail::in_choices(*s, f->choices)))
      return false;
    out.assign(s->data(), s->size());
    return true;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_bool()) return false;
    out = v.get_bool();
    return true;
  } else if constexpr (std::is_integral_v<T>) {
    if (!v.is_number()) return false;
    boost::system::error_code ec;
    const T n = v.to_number<T>(ec);
    if (ec || !detail::in_range(double(n), f)) return false;
    out = n;
    return true;
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!v.is_number()) return false;
    boost::system::error_code ec;
    const T d = v.to_number<T>(ec);
    if (ec || !std::isfinite(d) || !detail::in_range(d, f)) return false;
    out = d;
    return true;
  } else if constexpr (requires { T::read_json(v); }) {
    auto r = T::read_json(v);
    if (!r) return false;
    out = std::move(*r);
    return true;
  } else if constexpr (described<T>) {
    auto r = read_described<T>(v);
    if (!r) return false;
    out = std::move(*r);
    return true;
  } else {
    // A type with conversions of its own.
    auto r = json::try_value_to<T>(v);
    if (!r) return false;
    out = std::move(*r);
    return true;
  }
}

// Reads the members of a described struct from an object.
template <described T>
boost::system::result<T> read_described(const boost::json::value& v) {
  const auto* o = v.if_object();
  if (!o) return shape_error;
  T t{};
  bool ok = true;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>>([&](auto d) {
    if (!ok) return;
    constexpr const Field* f = detail::field_of<T>(decltype(d)::name);  // found at compile time
    constexpr std::string_view key = decltype(d)::name;                   // no strlen per item
    const auto* value = o->if_contains(key);
    const bool got = value && !value->is_null() && read(*value, t.*d.pointer, f);
    if (!got && f && f->needed) ok = false;
  });
  if (!ok) return shape_error;
  if constexpr (requires { t.accept(); }) {
    if (!t.accept()) return shape_error;
  }
  return t;
}

template <described T>
void write_described(boost::json::value& v, const T& t);

// Writes `x` into `v`, in v's storage.
template <class T>
void write(boost::json::value& v, const T& x) {
  namespace json = boost::json;
  if constexpr (is_vector<T>::value) {
    auto& a = v.emplace_array();
    a.reserve(x.size());
    for (const auto& e : x) write(a.emplace_back(nullptr), e);
  } else if constexpr (std::is_same_v<T, std::string>) {
    v.emplace_string().assign(x.data(), x.size());
  } else if constexpr (std::is_same_v<T, bool>) {
    v.emplace_bool() = x;
  } else if constexpr (std::is_integral_v<T>) {
    v.emplace_int64() = std::int64_t(x);
  } else if constexpr (std::is_floating_point_v<T>) {
    v.emplace_double() = double(x);
  } else if constexpr (std::is_same_v<T, boost::json::object>) {
    v.emplace_object() = x;
  } else if constexpr (described<T>) {
    write_described(v, x);
  } else {
    json::value_from(x, v);
  }
}

template <described T>
void write_described(boost::json::value& v, const T& t) {
  auto& o = v.emplace_object();
  using members = boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;
  o.reserve(boost::mp11::mp_size<members>::value);
  boost::mp11::mp_for_each<members>([&](auto d) {
    const auto& m = t.*d.pointer;
    using M = std::remove_cvref_t<decltype(m)>;
    constexpr std::string_view key = decltype(d)::name;  // no strlen per item
    // emplace, not operator[]: one lookup (the keys of a fresh object are new).
    if constexpr (is_optional<M>::value) {
      if (m) write(o.emplace(key, nullptr).first->value(), *m);
    } else {
      write(o.emplace(key, nullptr).first->value(), m);
    }
  });
  if constexpr (requires { t.derive(o); }) t.derive(o);
}

// The JSON Schema of T's JSON (as written), with `f`'s additions.
template <class T>
boost::json::object schema(const Field* f = nullptr) {
  namespace json = boost::json;
  json::object s;
  if constexpr (is_optional<T>::value) {
    return schema<typename T::value_type>(f);
  } else if constexpr (is_vector<T>::value) {
    s["type"] = "array";
    Field items = f ? *f : Field{};
    items.description = {};
    s["items"] = schema<typename T::value_type>(&items);
  } else if constexpr (std::is_same_v<T, std::string>) {
    s["type"] = "string";
  } else if constexpr (std::is_same_v<T, bool>) {
    s["type"] = "boolean";
  } else if constexpr (std::is_integral_v<T>) {
    s["type"] = "integer";
  } else if constexpr (std::is_floating_point_v<T>) {
    s["type"] = "number";
  } else if constexpr (std::is_same_v<T, boost::json::object>) {
    s["type"] = "object";  // echoed back as it was given
  } else if constexpr (requires { T::json_schema(); }) {
    s = T::json_schema();
  } else {
    static_assert(described<T>, "a shape without a description: BOOST_DESCRIBE_STRUCT it, or give json_schema()");
    s["type"] = "object";
    json::array required;
    json::object properties;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>>([&](auto d) {
      using M = std::remove_cvref_t<decltype(std::declval<T>().*d.pointer)>;
      if constexpr (!is_optional<M>::value) required.emplace_back(d.name);
      properties[d.name] = schema<M>(detail::field_of<T>(d.name));
    });
    if constexpr (requires { T::derived; }) {
      for (const Field& f : T::derived) properties[f.name] = schema<std::string>(&f);
    }
    if (!required.empty()) s["required"] = std::move(required);
    s["properties"] = std::move(properties);
  }
  if (f) {
    if (!f->description.empty()) s["description"] = f->description;
    if (!f->choices.empty() && !is_vector<T>::value) {
      json::array e;
      for (std::string_view rest = f->choices; !rest.empty();) {
        const auto bar = rest.find('|');
        e.emplace_back(rest.substr(0, bar));
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
      }
      s["enum"] = std::move(e);
    }
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      const auto bound = [](double b) {
        return std::is_integral_v<T> ? json::value(std::int64_t(b)) : json::value(b);
      };
      if (f->minimum) s["minimum"] = bound(*f->minimum);
      if (f->maximum) s["maximum"] = bound(*f->maximum);
    }
  }
  return s;
}

}  // namespace trakt::model

namespace trakt {

// Boost.JSON finds these by argument-dependent lookup for every described
// struct in namespace trakt: value_from / try_value_to then use the walkers.
// A struct that reads differently from how it is written has a static
// `read_json(const boost::json::value&)`, which the walkers use instead.
template <model::described T>
boost::system::result<T> tag_invoke(boost::json::try_value_to_tag<T>, const boost::json::value& v) {
  T t{};
  if (!model::read(v, t)) return model::shape_error;
  return t;
}

template <model::described T>
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const T& x) {
  model::write_described(v, x);
}

}  // namespace trakt
