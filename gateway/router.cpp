#include "gateway/router.hpp"

#include <algorithm>
#include <stdexcept>

#include "gateway/error_json.hpp"

namespace cityops::gateway {

namespace {

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. Expects a leading '/'.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(path.substr(start));
      return out;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

// Offset in `path` (which starts with '/') where raw segment `index` begins.
std::size_t segment_offset(std::string_view path, std::size_t index) {
  std::size_t pos = 1;
  for (std::size_t i = 0; i < index; ++i) {
    std::size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) return path.size();
    pos = slash + 1;
  }
  return std::min(pos, path.size());
}

}  // namespace

const std::string* route_params::find(std::string_view name) const {
  for (const auto& [k, v] : values) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::string route_params::get(std::string_view name) const {
  const std::string* v = find(name);
  return v ? *v : std::string();
}

const std::string& route_params::at(std::string_view name) const {
  const std::string* v = find(name);
  if (!v) throw std::out_of_range("no route parameter '" + std::string(name) + "'");
  return *v;
}

void router::add(std::string method, std::string pattern, route_handler fn) {
  if (method.empty()) throw std::invalid_argument("route method is empty");
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("route pattern must start with '/': " + pattern);
  }
  if (!fn) throw std::invalid_argument("route handler is empty: " + pattern);
  route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  r.fn = std::move(fn);
  auto raw = split_path(r.pattern);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::string_view s = raw[i];
    segment seg;
    if (!s.empty() && s.front() == '{') {
      if (s.size() < 3 || s.back() != '}') {
        throw std::invalid_argument("bad parameter segment in " + r.pattern);
      }
      std::string_view name = s.substr(1, s.size() - 2);
      seg.kind = segment::param;
      if (name.back() == '*') {
        if (i + 1 != raw.size()) {
          throw std::invalid_argument("{name*} must be the last segment: " + r.pattern);
        }
        name.remove_suffix(1);
        seg.kind = segment::rest;
      }
      if (name.empty() || name.find_first_of("{}/*") != std::string_view::npos) {
        throw std::invalid_argument("bad parameter name in " + r.pattern);
      }
      for (const auto& prev : r.segments) {
        if (prev.kind != segment::literal && prev.text == name) {
          throw std::invalid_argument("duplicate parameter name in " + r.pattern);
        }
      }
      seg.text = std::string(name);
    } else {
      if (s.find_first_of("{}") != std::string_view::npos) {
        throw std::invalid_argument("braces must enclose a whole segment: " + r.pattern);
      }
      seg.text = percent_decode(s, false);
    }
    r.segments.push_back(std::move(seg));
  }
  // Same method and same shape (params renamed) is a duplicate: one would never be reached.
  for (const auto& other : routes_) {
    if (other.method != r.method || other.segments.size() != r.segments.size()) continue;
    bool same = true;
    for (std::size_t i = 0; same && i < r.segments.size(); ++i) {
      const auto& a = r.segments[i];
      const auto& b = other.segments[i];
      same = a.kind == b.kind && (a.kind != segment::literal || a.text == b.text);
    }
    if (same) {
      throw std::invalid_argument("duplicate route " + r.method + " " + r.pattern +
                                  " (shadows " + other.pattern + ")");
    }
  }
  routes_.push_back(std::move(r));
}

bool router::match(const route& r, const std::vector<std::string_view>& raw,
                   std::string_view raw_path, route_params* params) {
  const auto& segs = r.segments;
  bool has_rest = !segs.empty() && segs.back().kind == segment::rest;
  if (has_rest ? raw.size() < segs.size() : raw.size() != segs.size()) return false;
  if (params) params->values.clear();
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const segment& seg = segs[i];
    switch (seg.kind) {
      case segment::literal:
        if (raw[i] != seg.text && percent_decode(raw[i], false) != seg.text) return false;
        break;
      case segment::param:
        if (raw[i].empty()) return false;
        if (params) params->values.emplace_back(seg.text, percent_decode(raw[i], false));
        break;
      case segment::rest:
        if (params) {
          std::string_view tail = raw_path.substr(segment_offset(raw_path, i));
          params->values.emplace_back(seg.text, percent_decode(tail, false));
        }
        break;
    }
  }
  return true;
}

bool router::more_specific(const route& a, const route& b) {
  std::size_t n = std::min(a.segments.size(), b.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    // literal(0) < param(1) < rest(2): a smaller kind is more specific.
    if (a.segments[i].kind != b.segments[i].kind) {
      return a.segments[i].kind < b.segments[i].kind;
    }
  }
  return a.segments.size() > b.segments.size();
}

void router::dispatch(const http_request& req, responder respond) const {
  dispatch(req, std::move(respond), match_observer());
}

void router::dispatch(const http_request& req, responder respond,
                      const match_observer& on_match) const {
  std::string_view path = req.path;
  if (path.empty() || path.front() != '/') {
    respond(unknown_route(req));
    return;
  }
  auto raw = split_path(path);
  const route* best = nullptr;
  std::vector<std::string> allowed;
  for (const auto& r : routes_) {
    if (!match(r, raw, path, nullptr)) continue;
    if (r.method == req.method) {
      if (!best || more_specific(r, *best)) best = &r;
    } else if (std::find(allowed.begin(), allowed.end(), r.method) == allowed.end()) {
      allowed.push_back(r.method);
    }
  }
  if (best) {
    route_params params;
    match(*best, raw, path, &params);
    if (on_match) on_match(best->pattern);
    best->fn(req, params, std::move(respond));
    return;
  }
  if (allowed.empty()) {
    const bool fallback = fallback_ &&
                          std::find(fallback_methods_.begin(), fallback_methods_.end(),
                                    req.method) != fallback_methods_.end() &&
                          fallback_takes_(path);
    if (!fallback) return respond(unknown_route(req));
    if (on_match) on_match(fallback_label_);
    fallback_(req, route_params{}, std::move(respond));
    return;
  }
  std::sort(allowed.begin(), allowed.end());
  std::string allow;
  for (const auto& m : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  http_response res = error_response(
      405, "method_not_allowed", "method " + req.method + " not allowed for " + req.path);
  res.headers.emplace_back("Allow", allow);
  respond(std::move(res));
}

void router::set_fallback(std::vector<std::string> methods, std::string label,
                          route_handler fn, path_filter takes) {
  fallback_methods_ = std::move(methods);
  fallback_label_ = std::move(label);
  fallback_ = std::move(fn);
  fallback_takes_ = std::move(takes);
}

http_response router::unknown_route(const http_request& req) {
  return error_response(404, "not_found", "unknown route " + req.method + " " + req.path);
}

std::vector<std::pair<std::string, std::string>> router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace cityops::gateway
