#pragma once
// The web app's files in memory (the web root: index.html, wall.html, desk.html, hashed
// assets under assets/). Loaded once at start — the whole tree is small — each compressible
// file gzipped once with zlib and given a strong ETag (SHA-256 of its bytes); afterwards the
// catalogue is immutable, so io threads read it concurrently without locks. No HTTP here
// beyond the pure request-to-response rules of static_response (gateway/static_routes.cpp
// wires them to the router).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/http_types.hpp"

namespace cityops::gateway {

struct static_file {
  std::string content_type;
  std::string body;         // the file's bytes
  std::string gzip_body;    // gzip of body; empty when not compressible or not smaller
  std::string etag;         // strong ETag of body: "\"<64 hex>\""
  std::string gzip_etag;    // strong ETag of the gzip representation: "\"<64 hex>-gz\""
  bool immutable = false;   // under assets/ (hashed names): cached for a year
  bool html = false;        // gets the Content-Security-Policy
};

class static_catalogue {
 public:
  // Total bytes a web root may hold (identity bodies); a larger tree is refused.
  static constexpr std::size_t max_total_bytes = 64u << 20;

  // Every regular file under `root`, recursively (symbolic links are skipped), keyed by its
  // path relative to the root with '/' separators ("assets/app-1a2b.js"). nullopt with
  // `error` set when the root is missing, not a directory, unreadable or too large.
  static std::optional<static_catalogue> load(const std::string& root, std::string& error);
  // A catalogue from (relative path, bytes) pairs: what load() does after reading (tests).
  static static_catalogue from_files(const std::map<std::string, std::string>& files);

  // The file at `relative` (as returned by static_file_path), or null.
  const static_file* find(const std::string& relative) const;
  std::size_t size() const { return files_.size(); }
  std::size_t total_bytes() const { return total_bytes_; }

 private:
  std::map<std::string, static_file> files_;
  std::size_t total_bytes_ = 0;
};

// Content-Type for a file name by its extension (html, js, mjs, css, json, geojson, svg, png,
// jpg/jpeg, ico, woff2, map, txt); application/octet-stream otherwise.
std::string_view static_content_type(std::string_view name);
// Whether a file of this content type is worth gzipping (text, JSON, JavaScript, SVG).
bool static_compressible(std::string_view content_type);

// gzip (RFC 1952) of `data` with zlib at the best compression.
std::string gzip_compress(std::string_view data);
// The strong ETag of `data` with an optional suffix inside the quotes.
std::string strong_etag(std::string_view data, std::string_view suffix = {});

// The catalogue key for a raw (percent-encoded) request path: "/" → "index.html",
// "/assets/a.js" → "assets/a.js". nullopt for a path that is not a plain file path: one with
// a "." or ".." segment (also encoded: %2e%2e), an encoded '/' or '\', a backslash, a NUL
// or other control byte, an empty segment, or not starting with '/'.
std::optional<std::string> static_file_path(std::string_view raw_path);

// Whether an Accept-Encoding header value accepts gzip (a "gzip" or "*" coding whose q is
// not 0).
bool accepts_gzip(std::string_view accept_encoding);
// Whether an If-None-Match header value matches one of the ETags ("*", or any listed tag,
// weak or not: the weak comparison RFC 9110 prescribes for If-None-Match).
bool etag_matches(std::string_view if_none_match, std::string_view etag,
                  std::string_view other_etag = {});

// The Content-Security-Policy of the app's pages: only the service's own origin, its
// WebSocket feed, inline styles (chart libraries set them) and data: images.
inline constexpr std::string_view static_csp =
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'";

// The answer to a GET or HEAD of `req.path` from `catalogue` (null: the web app was not
// built, `root` names where it was looked for): 200 with the file and its caching headers,
// 304 when If-None-Match matches, 400 for a path that is not a file path, 404 JSON for a
// missing file. A path without an extension that names no file is tried as "<path>.html"
// ("/wall" → wall.html).
http_response static_response(const static_catalogue* catalogue, std::string_view root,
                              const http_request& req);

}  // namespace cityops::gateway
