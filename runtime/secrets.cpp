#include "runtime/secrets.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace cityops {

bool load_or_create_secret(const std::string& path, std::string& secret, std::string& error) {
  {
    std::ifstream in(path);
    if (in) {
      std::getline(in, secret);
      if (secret.size() >= 32) return true;
      error = "secret file '" + path + "' is too short";
      return false;
    }
  }
  unsigned char raw[32];
  {
    std::ifstream urandom("/dev/urandom", std::ios::binary);
    if (!urandom.read(reinterpret_cast<char*>(raw), sizeof raw)) {
      error = "cannot read /dev/urandom";
      return false;
    }
  }
  static const char* hex = "0123456789abcdef";
  secret.clear();
  for (unsigned char b : raw) {
    secret += hex[b >> 4];
    secret += hex[b & 15];
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    error = "cannot create secret file '" + path + "'";
    return false;
  }
  const std::string line = secret + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) error = "cannot write secret file '" + path + "'";
  return ok;
}

}  // namespace cityops
