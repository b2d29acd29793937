#pragma once
// One running cityops service: the city runtime (actors + store) behind the HTTP gateway.
// start() returns once the gateway listens; stop() stops accepting, drains in-flight
// requests, then stops the actors and closes the store.

#include <memory>
#include <string>

#include "actors/case_context.hpp"
#include "config/city_loader.hpp"

namespace cityops {

class service {
 public:
  // `cfg` must outlive the service. `before_action` is the case actors' test failpoint
  // (actors/case_context.hpp); cityopsd passes none.
  explicit service(const config::city_config& cfg, action_failpoint before_action = {});
  ~service();
  bool start(std::string& error);
  std::string address() const;  // "HOST:PORT" actually bound
  void stop();

 private:
  struct parts;
  const config::city_config& cfg_;
  action_failpoint before_action_;
  std::unique_ptr<parts> parts_;
};

}  // namespace cityops
