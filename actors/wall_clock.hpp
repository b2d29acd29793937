#pragma once
// The one source of wall-clock time for case events. Tests use manual_clock to move time
// without sleeping; the service uses system_wall_clock. Implementations are thread-safe.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace cityops {

// Unix time in milliseconds from the system clock (for code without a wall_clock to ask).
inline std::int64_t system_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class wall_clock {
 public:
  virtual ~wall_clock() = default;
  // Unix time in milliseconds.
  virtual std::int64_t now_ms() const = 0;
};

class system_wall_clock final : public wall_clock {
 public:
  std::int64_t now_ms() const override { return system_now_ms(); }
};

class manual_clock final : public wall_clock {
 public:
  explicit manual_clock(std::int64_t start_ms) : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void advance(std::chrono::milliseconds d) { now_ += d.count(); }
  void set(std::int64_t ms) { now_ = ms; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace cityops
