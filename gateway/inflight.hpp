#pragma once
// Backpressure for requests that wait on actors: each holds one slot of
// api_context::inflight until its answer is written; past max_inflight a request is refused
// at once with 503 overloaded + Retry-After instead of growing the actors' mailboxes.

#include <memory>
#include <utility>

#include "gateway/api_context.hpp"
#include "gateway/case_json.hpp"
#include "gateway/error_json.hpp"
#include "gateway/json_writer.hpp"

namespace cityops::gateway {

class inflight_slot {
 public:
  explicit inflight_slot(api_context& ctx) : ctx_(ctx) { ++ctx_.inflight; }
  ~inflight_slot() { --ctx_.inflight; }
  inflight_slot(const inflight_slot&) = delete;
  inflight_slot& operator=(const inflight_slot&) = delete;

 private:
  api_context& ctx_;
};

// A slot, or nullptr after answering 503.
inline std::shared_ptr<inflight_slot> take_inflight_slot(api_context& ctx,
                                                         const responder& respond) {
  if (ctx.inflight.load() >= ctx.max_inflight) {
    respond(overloaded_response("too many requests in flight; retry shortly"));
    return nullptr;
  }
  return std::make_shared<inflight_slot>(ctx);
}

// Hands `call` a callback taking domain::result<Reply> and holds a slot until it runs;
// answers with `write`'s JSON (or the domain error) then.
template <class Reply, class Call, class Write>
void with_actor_reply(api_context& ctx, responder respond, int success_status, Call&& call,
                      Write write) {
  auto slot = take_inflight_slot(ctx, respond);
  if (!slot) return;
  call([respond = std::move(respond), success_status, slot,
        write = std::move(write)](domain::result<Reply> r) {
    if (!r.ok()) {
      respond(domain_error_response(r.error()));
      return;
    }
    json_writer w;
    write(w, r.value());
    respond(json_response(success_status, w.take()));
  });
}

}  // namespace cityops::gateway
