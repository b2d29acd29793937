// /open311/v2/…: Open311 GeoReport v2 over the case actors (docs/api.md "Open311"). Every
// resource answers in the format its path names (.xml or .json); errors are the spec's list of
// {code, description}. Only POST requests needs a key (api_key of a citizen_app, operator or
// admin); the GET methods are public, as the spec has them.
#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "actors/wall_clock.hpp"
#include "gateway/api_context.hpp"
#include "gateway/case_json.hpp"
#include "gateway/case_query_request.hpp"
#include "gateway/open311/document.hpp"
#include "gateway/open311/form_parser.hpp"
#include "gateway/open311/open311_mapping.hpp"
#include "gateway/open311/open311_request.hpp"
#include "gateway/router.hpp"

namespace cityops::gateway {
namespace {

using open311::error_list_response;
using open311::format;

constexpr std::string_view prefix = "/open311/v2";

// A date-range listing walks storage pages of this size, at most this many of them
// (= 50,000 cases in the window), and stops early at the spec's 1,000 matches.
constexpr std::uint32_t listing_page = case_list_max_limit;
constexpr std::size_t max_listing_pages = 250;

// Holds `n` in-flight slots while requests wait on the actors.
class inflight_slots {
 public:
  inflight_slots(api_context& ctx, std::int64_t n) : ctx_(ctx), n_(n) { ctx_.inflight += n_; }
  ~inflight_slots() { ctx_.inflight -= n_; }
  inflight_slots(const inflight_slots&) = delete;
  inflight_slots& operator=(const inflight_slots&) = delete;

 private:
  api_context& ctx_;
  std::int64_t n_;
};

// n more slots, or nullptr after answering 503 with Retry-After.
std::shared_ptr<inflight_slots> admit(api_context& ctx, std::int64_t n, format f,
                                      responder& respond) {
  if (ctx.inflight.load() + n > ctx.max_inflight) {
    auto res = error_list_response(f, 503, "too many requests in flight; retry shortly");
    res.headers.emplace_back("Retry-After", "1");
    respond(std::move(res));
    return nullptr;
  }
  return std::make_shared<inflight_slots>(ctx, n);
}

// The token of "Bearer <token>" (scheme in any case), "" for any other header.
std::string bearer_token(const std::string& header) {
  constexpr std::string_view scheme = "bearer ";
  if (header.size() <= scheme.size() || ascii_lower(header.substr(0, scheme.size())) != scheme)
    return {};
  const auto first = header.find_first_not_of(" \t", scheme.size());
  const auto last = header.find_last_not_of(" \t");
  if (first == std::string::npos) return {};
  return header.substr(first, last - first + 1);
}

http_response domain_failure(format f, const domain::domain_error& e) {
  auto res = error_list_response(f, http_status_for(e.code), e.message);
  if (e.code == domain::error_code::overloaded) res.headers.emplace_back("Retry-After", "1");
  return res;
}

// The format of a `{name}.{format}` path parameter; answers 400 and returns nullopt for
// any other extension.
std::optional<std::pair<std::string, format>> resource_and_format(const std::string& file,
                                                                  responder& respond) {
  auto [name, ext] = open311::split_extension(file);
  format f = format::xml;
  if (name.empty() || !open311::parse_format(ext, f)) {
    respond(error_list_response(format::xml, 400,
                                "unsupported format '" + ext +
                                    "': append .xml or .json to the resource"));
    return std::nullopt;
  }
  return std::make_pair(std::move(name), f);
}

void get_services(api_context& ctx, format f, responder respond) {
  respond(open311::render(200, f, open311::service_list(ctx.city)));
}

void post_request(api_context& ctx, format f, const http_request& req, responder respond) {
  const auto content_type = req.header("content-type");
  if (!req.body.empty() && !open311::is_form_content_type(content_type))
    return respond(error_list_response(
        f, 400, "send the request as application/x-www-form-urlencoded, not '" +
                    content_type.substr(0, 64) + "'"));
  auto parsed = open311::parse_form(req.body);
  if (auto* err = std::get_if<open311::form_error>(&parsed))
    return respond(error_list_response(f, 400, err->message));
  auto form = std::move(std::get<open311::form_data>(parsed));
  for (const auto& [k, v] : req.query) form.fields.push_back({k, v});  // query as a fallback

  std::optional<principal> who;
  if (auto key = form.value("api_key")) {
    who = ctx.tokens.authenticate(*key);
    if (!who)
      return respond(error_list_response(
          f, 403, "invalid api_key received -- can't proceed with create_request"));
  } else {
    // Authorization: Bearer, for clients that prefer it.
    const std::string token = bearer_token(req.header("authorization"));
    if (!token.empty()) who = ctx.tokens.authenticate(token);
    if (!who)
      return respond(error_list_response(
          f, 403, "api_key was not provided -- can't proceed with create_request"));
  }
  if (who->role != role::citizen_app && who->role != role::operator_role &&
      who->role != role::admin)
    return respond(error_list_response(
        f, 403, "an api_key of role '" + std::string(to_string(who->role)) +
                    "' may not create requests"));

  auto report = open311::parse_service_request(form, ctx.city, ctx.reporter_salt);
  if (auto* errors = std::get_if<std::vector<open311::error_item>>(&report))
    return respond(error_list_response(f, *errors));

  auto& n = std::get<domain::new_case>(report);
  n.reported_by = who->name;  // so a citizen app reads back what it filed
  auto slot = admit(ctx, 1, f, respond);
  if (!slot) return;
  ctx.bridge.report(std::move(n),
                    [&ctx, f, slot, respond = std::move(respond)](
                        domain::result<domain::case_record> r) {
                      if (!r.ok()) return respond(domain_failure(f, r.error()));
                      respond(open311::render(200, f, open311::created_list(r.value(), ctx.city)));
                    });
}

// The public GET methods show only what came in through Open311: cases from the hotline,
// grid workers or cameras can carry personal details (who called, where they live) that
// their reporters never agreed to publish. Other cases answer as if they did not exist.
bool publicly_visible(const domain::case_record& c) {
  return c.report.source == domain::case_source::open311;
}

// GET requests?service_request_id=a,b: every id fetched at once; unknown ones are left out.
void get_requests_by_id(api_context& ctx, format f, std::vector<std::string> ids,
                        responder respond) {
  if (ids.empty()) return respond(open311::render(200, f, open311::request_list({}, ctx.city)));
  auto slots = admit(ctx, static_cast<std::int64_t>(ids.size()), f, respond);
  if (!slots) return;
  struct batch {
    std::mutex m;
    std::vector<std::optional<domain::case_record>> found;
    std::size_t pending = 0;
    std::optional<domain::domain_error> failure;
  };
  auto b = std::make_shared<batch>();
  b->found.resize(ids.size());
  b->pending = ids.size();
  auto shared_respond = std::make_shared<responder>(std::move(respond));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ctx.bridge.fetch(ids[i], [&ctx, f, b, i, slots,
                              shared_respond](domain::result<domain::case_record> r) {
      std::unique_lock<std::mutex> lock(b->m);
      if (r.ok()) {
        if (publicly_visible(r.value())) b->found[i] = std::move(r.value());
      }
      else if (r.error().code != domain::error_code::not_found && !b->failure)
        b->failure = r.error();
      if (--b->pending != 0) return;
      lock.unlock();  // the last reply: nobody else touches the batch now
      if (b->failure) return (*shared_respond)(domain_failure(f, *b->failure));
      std::vector<domain::case_record> cases;
      for (auto& c : b->found)
        if (c) cases.push_back(std::move(*c));
      (*shared_respond)(open311::render(200, f, open311::request_list(cases, ctx.city)));
    });
  }
}

// GET requests with service_code / status / dates: storage pages of the requested_datetime
// window, filtered here, until 1,000 matches or the window is exhausted.
struct listing {
  api_context& ctx;
  format f;
  open311::request_filter filter;
  responder respond;
  std::shared_ptr<inflight_slots> slot;
  std::vector<domain::case_record> found;
  std::size_t pages = 0;
};

void finish_listing(const std::shared_ptr<listing>& l) {
  l->respond(open311::render(200, l->f, open311::request_list(l->found, l->ctx.city)));
}

void next_listing_page(std::shared_ptr<listing> l, std::string cursor) {
  case_query q;
  q.from_ms = l->filter.from_ms;
  q.to_ms = l->filter.to_ms;
  q.limit = listing_page;
  q.cursor = std::move(cursor);
  auto& bridge = l->ctx.bridge;
  bridge.list(std::move(q), [l](domain::result<case_list> r) {
    if (!r.ok()) return l->respond(domain_failure(l->f, r.error()));
    auto& page = r.value();
    for (auto& c : page.items) {
      if (!publicly_visible(c) || !l->filter.matches(c)) continue;
      l->found.push_back(std::move(c));
      if (l->found.size() == open311::max_listed_requests) return finish_listing(l);
    }
    if (page.next_cursor.empty() || ++l->pages >= max_listing_pages) return finish_listing(l);
    next_listing_page(l, std::move(page.next_cursor));
  });
}

void get_requests(api_context& ctx, format f, const http_request& req, responder respond) {
  auto parsed = open311::parse_request_filter(req.query, ctx.city, system_now_ms());
  if (auto* errors = std::get_if<std::vector<open311::error_item>>(&parsed))
    return respond(error_list_response(f, *errors));
  auto filter = std::move(std::get<open311::request_filter>(parsed));
  if (filter.by_id) return get_requests_by_id(ctx, f, std::move(filter.ids), std::move(respond));
  auto slot = admit(ctx, 1, f, respond);
  if (!slot) return;
  auto l = std::make_shared<listing>(
      listing{ctx, f, std::move(filter), std::move(respond), std::move(slot), {}, 0});
  next_listing_page(std::move(l), {});
}

// GET requests/{id} and tokens/{token}: one case, 404 when it does not exist.
http_response unknown_resource(format f, const std::string& what, const std::string& id) {
  return error_list_response(f, 404, what + " '" + id + "' was not found");
}

// 404 for a case that does not exist, the failure as it is otherwise.
http_response fetch_failure(format f, const domain::domain_error& e, const std::string& what,
                            const std::string& id) {
  if (e.code == domain::error_code::not_found) return unknown_resource(f, what, id);
  return domain_failure(f, e);
}

template <class Write>
void get_one(api_context& ctx, format f, const std::string& id, std::string what,
             responder respond, Write write) {
  if (!domain::plausible_case_id(id)) return respond(unknown_resource(f, what, id));
  auto slot = admit(ctx, 1, f, respond);
  if (!slot) return;
  ctx.bridge.fetch(id, [f, slot, what = std::move(what), id, write = std::move(write),
                        respond = std::move(respond)](domain::result<domain::case_record> r) {
    if (r.ok() && publicly_visible(r.value()))
      return respond(open311::render(200, f, write(r.value())));
    if (r.ok()) return respond(unknown_resource(f, what, id));
    respond(fetch_failure(f, r.error(), what, id));
  });
}

}  // namespace

void add_open311_routes(router& r, api_context& ctx) {
  const std::string base(prefix);
  for (const auto& [ext, f] : {std::pair<std::string, format>{"xml", format::xml},
                               std::pair<std::string, format>{"json", format::json}}) {
    const format fmt = f;
    r.add("GET", base + "/services." + ext,
          [&ctx, fmt](const http_request&, const route_params&, responder respond) {
            get_services(ctx, fmt, std::move(respond));
          });
    r.add("POST", base + "/requests." + ext,
          [&ctx, fmt](const http_request& req, const route_params&, responder respond) {
            post_request(ctx, fmt, req, std::move(respond));
          });
    r.add("GET", base + "/requests." + ext,
          [&ctx, fmt](const http_request& req, const route_params&, responder respond) {
            get_requests(ctx, fmt, req, std::move(respond));
          });
  }

  r.add("GET", base + "/services/{service_code}",
        [&ctx](const http_request&, const route_params& p, responder respond) {
          auto rf = resource_and_format(p.at("service_code"), respond);
          if (!rf) return;
          const auto& [code, f] = *rf;
          const auto* c = ctx.city.find_category(code);
          if (!c)
            return respond(error_list_response(f, 404, "service_code '" + code +
                                                           "' was not found"));
          respond(open311::render(200, f, open311::service_definition(*c)));
        });

  r.add("GET", base + "/requests/{service_request_id}",
        [&ctx](const http_request&, const route_params& p, responder respond) {
          auto rf = resource_and_format(p.at("service_request_id"), respond);
          if (!rf) return;
          auto& [id, f] = *rf;
          get_one(ctx, f, id, "service_request_id", std::move(respond),
                  [&ctx](const domain::case_record& c) {
                    return open311::request_list({c}, ctx.city);
                  });
        });

  // Our requests are realtime: the id is known at once and doubles as the token.
  r.add("GET", base + "/tokens/{token}",
        [&ctx](const http_request&, const route_params& p, responder respond) {
          auto rf = resource_and_format(p.at("token"), respond);
          if (!rf) return;
          auto& [token, f] = *rf;
          get_one(ctx, f, token, "token", std::move(respond),
                  [token = token](const domain::case_record& c) {
                    return open311::token_list(c.id, token);
                  });
        });

  // Anything else below the prefix: the spec's 404, in the format the path asks for.
  for (const char* method : {"GET", "POST"}) {
    r.add(method, base + "/{resource*}",
          [](const http_request& req, const route_params&, responder respond) {
            format f = format::xml;
            const auto ext = open311::split_extension(req.path).second;
            if (ext == "json") f = format::json;
            respond(error_list_response(
                f, 404, "no Open311 resource " + req.method + " " + req.path.substr(0, 200)));
          });
  }
}

}  // namespace cityops::gateway
