#pragma once
// Waits for a condition another thread or process brings about, checking every 5 ms, up to a
// generous limit: an explicit wait, never a sleep used as synchronisation.
//
//   CHECK(eventually([&] { return board.size() == 1; }));
//
//   // The value form: calls `probe` until `done` accepts what it returned, and returns that
//   // value — or the last one seen when time ran out — so the test asserts on it and prints it.
//   auto r = eventually([&] { return http_call(addr, "GET", "/readyz"); },
//                       [](const client_response& r) { return r.status == 200; });
//   INFO(r.body);
//   CHECK(r.status == 200);

#include <chrono>
#include <thread>
#include <type_traits>

namespace cityops::testing {

// Whether `pred()` held within `limit` (it is checked once more at the end).
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

// The first value of `probe()` that `done` accepts within `limit`, else the last one.
template <class Probe, class Done, class Value = std::decay_t<std::invoke_result_t<Probe&>>,
          class = std::enable_if_t<std::is_invocable_r_v<bool, Done&, const Value&>>>
Value eventually(Probe probe, Done done,
                 std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    Value v = probe();
    if (done(static_cast<const Value&>(v)) || std::chrono::steady_clock::now() >= until) return v;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace cityops::testing
