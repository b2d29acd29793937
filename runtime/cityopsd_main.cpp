// cityopsd: runs one city operations centre. See docs/api.md "Starting the service".
#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "config/city_loader.hpp"
#include "runtime/classifier_setup.hpp"
#include "runtime/service.hpp"

int main(int argc, char** argv) {
  CLI::App app{"cityopsd — unified city operations service"};
  std::string config_path;
  std::string listen;
  std::string data_dir;
  app.add_option("--config", config_path, "city configuration (TOML); default: embedded Yantai");
  app.add_option("--listen", listen, "HOST:PORT to serve on (port 0 picks a free port)");
  app.add_option("--data", data_dir, "data directory");
  std::string web_root;
  app.add_option("--web", web_root,
                 "the web app's files, served at / (default: [service] web_root, else the "
                 "build's web-app output)");
  bool prepare_model = false;
  app.add_flag("--prepare-model", prepare_model,
               "make sure a model cache holds the city's classifier (train it if none does), "
               "then exit");
  CLI11_PARSE(app, argc, argv);
  // stdout carries only the "listening on" line; logs go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("cityopsd"));

  cityops::config::city_config cfg = cityops::config::default_city();
  if (!config_path.empty()) {
    if (auto err = cityops::config::load_file(config_path, cfg)) {
      std::fprintf(stderr, "cityopsd: %s\n", err->describe().c_str());
      return 2;
    }
  }
  if (!listen.empty()) cfg.service.listen = listen;
  if (!data_dir.empty()) cfg.service.data_dir = data_dir;
  if (!web_root.empty()) cfg.service.web_root = web_root;
  if (cfg.service.web_root.empty()) cfg.service.web_root = CITYOPS_DEFAULT_WEB_ROOT;

  if (prepare_model) {
    if (const auto cached = cityops::cached_model(cfg, cfg.service.data_dir); !cached.empty()) {
      std::cout << cached << std::endl;
      return 0;
    }
    std::string error;
    auto model = cityops::prepare_classifier(cfg, cfg.service.data_dir, error);
    if (!model && !error.empty()) {
      spdlog::critical("cityopsd: {}", error);
      return 1;
    }
    std::cout << (model ? model->name() : std::string("no corpus: no model")) << std::endl;
    return 0;
  }

  // Signals are taken synchronously by the main thread; every other thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  cityops::service svc(cfg);
  std::string error;
  if (!svc.start(error)) {
    spdlog::critical("cityopsd: {}", error);
    return 1;
  }
  // Tests and scripts wait for exactly this line.
  std::cout << "listening on " << svc.address() << std::endl;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("cityopsd: signal {} received, draining", sig);
  svc.stop();
  spdlog::info("cityopsd: stopped cleanly");
  return 0;
}
