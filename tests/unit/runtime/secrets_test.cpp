#include "runtime/secrets.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "tests/support/service_process.hpp"

using cityops::load_or_create_secret;

TEST_CASE("a secret is created once, private, and read back", "[secrets]") {
  cityops::testing::temp_dir dir;
  const auto path = dir.path() + "/reporter.salt";
  std::string first, again, error;
  REQUIRE(load_or_create_secret(path, first, error));
  CHECK(first.size() == 64);
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  REQUIRE(load_or_create_secret(path, again, error));
  CHECK(again == first);
}

TEST_CASE("a leftover temporary file from a crash does not block the start", "[secrets]") {
  cityops::testing::temp_dir dir;
  const auto path = dir.path() + "/admin.token";
  std::ofstream(path + ".tmp") << "";  // a crash between create and write
  std::string secret, error;
  REQUIRE(load_or_create_secret(path, secret, error));
  CHECK(secret.size() == 64);
}

TEST_CASE("a truncated secret is refused with the file named", "[secrets]") {
  cityops::testing::temp_dir dir;
  const auto path = dir.path() + "/reporter.salt";
  std::ofstream(path) << "short\n";
  std::string secret, error;
  CHECK_FALSE(load_or_create_secret(path, secret, error));
  CHECK_THAT(error, Catch::Contains("reporter.salt"));
}
