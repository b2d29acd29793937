#pragma once
// Waits for a condition another thread or process brings about, checking every 5 ms, up to a
// generous limit: an explicit wait, never a sleep used as synchronisation. Returns the last
// check, so a test asserts on it.

#include <chrono>
#include <thread>

namespace cityops::testing {

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

}  // namespace cityops::testing
