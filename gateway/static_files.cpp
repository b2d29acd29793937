#include "gateway/static_files.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

#include "gateway/auth.hpp"
#include "gateway/error_json.hpp"

namespace cityops::gateway {
namespace {

namespace fs = std::filesystem;

std::string_view extension_of(std::string_view name) {
  const auto slash = name.rfind('/');
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return {};
  return name.substr(dot + 1);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls fn(element) for each comma-separated element of a header list, trimmed.
template <class Fn>
void for_each_element(std::string_view list, Fn fn) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto element = trim(list.substr(0, comma));
    if (!element.empty()) fn(element);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

static_file make_file(const std::string& relative, std::string bytes) {
  static_file f;
  f.content_type = std::string(static_content_type(relative));
  f.html = f.content_type.rfind("text/html", 0) == 0;
  f.immutable = relative.rfind("assets/", 0) == 0;
  f.etag = strong_etag(bytes);
  if (static_compressible(f.content_type)) {
    auto gz = gzip_compress(bytes);
    if (gz.size() < bytes.size()) {
      f.gzip_etag = strong_etag(bytes, "-gz");
      f.gzip_body = std::move(gz);
    }
  }
  f.body = std::move(bytes);
  return f;
}

http_response not_found(std::string message) {
  return error_response(404, "not_found", message, "path");
}

}  // namespace

std::string_view static_content_type(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> types{{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"geojson", "application/geo+json"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"ico", "image/x-icon"},
      {"woff2", "font/woff2"},
      {"map", "application/json"},
      {"txt", "text/plain; charset=utf-8"},
      {"webmanifest", "application/manifest+json"},
  }};
  const std::string ext = ascii_lower(extension_of(name));
  for (const auto& [e, type] : types)
    if (e == ext) return type;
  return "application/octet-stream";
}

bool static_compressible(std::string_view type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 ||
         type.rfind("application/geo+json", 0) == 0 ||
         type.rfind("application/manifest+json", 0) == 0 || type.rfind("image/svg+xml", 0) == 0;
}

std::string gzip_compress(std::string_view data) {
  z_stream z{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string strong_etag(std::string_view data, std::string_view suffix) {
  return "\"" + sha256_hex(data) + std::string(suffix) + "\"";
}

std::optional<std::string> static_file_path(std::string_view raw) {
  if (raw.empty() || raw.front() != '/') return std::nullopt;
  if (raw == "/") return std::string("index.html");
  std::string out;
  raw.remove_prefix(1);
  while (true) {
    const auto slash = raw.find('/');
    const auto raw_segment = raw.substr(0, slash);
    // Decoded per segment: an encoded '/' or '\' would make one segment two.
    const std::string segment = percent_decode(raw_segment, false);
    if (segment.empty() || segment == "." || segment == "..") return std::nullopt;
    for (char c : segment) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f || c == '/' || c == '\\') return std::nullopt;
    }
    if (!out.empty()) out += '/';
    out += segment;
    if (slash == std::string_view::npos) break;
    raw.remove_prefix(slash + 1);
  }
  return out;
}

bool accepts_gzip(std::string_view header) {
  bool gzip = false;
  bool star = false;
  bool gzip_named = false;
  for_each_element(header, [&](std::string_view element) {
    const auto semi = element.find(';');
    const std::string coding = ascii_lower(trim(element.substr(0, semi)));
    bool refused = false;
    if (semi != std::string_view::npos) {
      auto params = trim(element.substr(semi + 1));
      if (params.size() >= 2 && (params[0] == 'q' || params[0] == 'Q') && params[1] == '=') {
        auto q = trim(params.substr(2));
        // q=0, 0.0, 0.00, 0.000: refused.
        refused = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    if (coding == "gzip" || coding == "x-gzip") {
      gzip_named = true;
      gzip = !refused;
    } else if (coding == "*") {
      star = !refused;
    }
  });
  return gzip_named ? gzip : star;
}

bool etag_matches(std::string_view header, std::string_view etag, std::string_view other) {
  bool match = false;
  for_each_element(header, [&](std::string_view tag) {
    if (tag == "*") match = true;
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag == etag || (!other.empty() && tag == other)) match = true;
  });
  return match;
}

std::optional<static_catalogue> static_catalogue::load(const std::string& root,
                                                       std::string& error) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    error = "web root '" + root + "' is not a directory";
    return std::nullopt;
  }
  std::map<std::string, std::string> files;
  std::size_t total = 0;
  fs::recursive_directory_iterator it(root, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (ec || !fs::is_regular_file(status)) continue;
    const std::string relative = it->path().lexically_relative(root).generic_string();
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
      error = "cannot read '" + it->path().string() + "'";
      return std::nullopt;
    }
    total += bytes.str().size();
    if (total > max_total_bytes) {
      error = "web root '" + root + "' holds more than " +
              std::to_string(max_total_bytes >> 20) + " MiB";
      return std::nullopt;
    }
    files.emplace(relative, bytes.str());
  }
  if (ec) {
    error = "cannot list web root '" + root + "': " + ec.message();
    return std::nullopt;
  }
  return from_files(files);
}

static_catalogue static_catalogue::from_files(const std::map<std::string, std::string>& files) {
  static_catalogue c;
  for (const auto& [relative, bytes] : files) {
    c.total_bytes_ += bytes.size();
    c.files_.emplace(relative, make_file(relative, bytes));
  }
  return c;
}

const static_file* static_catalogue::find(const std::string& relative) const {
  auto it = files_.find(relative);
  return it == files_.end() ? nullptr : &it->second;
}

http_response static_response(const static_catalogue* catalogue, std::string_view root,
                              const http_request& req) {
  const auto relative = static_file_path(req.path);
  if (!relative)
    return error_response(400, "invalid_request",
                          "'" + std::string(req.path) + "' is not a file path of the web app",
                          "path");
  if (!catalogue) {
    if (*relative == "index.html")
      return not_found("the web app was not built: no web root at '" + std::string(root) +
                       "' (build it with the web-app target, or start cityopsd with --web DIR)");
    return not_found("no file '" + std::string(req.path) + "'");
  }
  const static_file* f = catalogue->find(*relative);
  if (!f && extension_of(*relative).empty()) f = catalogue->find(*relative + ".html");
  if (!f) return not_found("no file '" + std::string(req.path) + "'");

  const bool gzip = !f->gzip_body.empty() && accepts_gzip(req.header("accept-encoding"));
  const std::string& etag = gzip ? f->gzip_etag : f->etag;
  http_response res;
  res.content_type = f->content_type;
  res.headers.emplace_back("ETag", etag);
  res.headers.emplace_back("Cache-Control", f->immutable ? "public, max-age=31536000, immutable"
                                                         : "no-cache");
  if (!f->gzip_body.empty()) res.headers.emplace_back("Vary", "Accept-Encoding");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (f->html) res.headers.emplace_back("Content-Security-Policy", std::string(static_csp));
  const auto if_none_match = req.header("if-none-match");
  if (!if_none_match.empty() && etag_matches(if_none_match, f->etag, f->gzip_etag)) {
    res.status = 304;
    res.content_type.clear();
    return res;
  }
  if (gzip) res.headers.emplace_back("Content-Encoding", "gzip");
  res.body = gzip ? f->gzip_body : f->body;
  return res;
}

}  // namespace cityops::gateway
