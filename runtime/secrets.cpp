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
  // Written to a temporary file, synced, then renamed into place: a crash leaves either no
  // secret (a new one is made next start) or a whole one, never an empty file.
  const std::string temp = path + ".tmp";
  ::unlink(temp.c_str());  // a leftover from a crash mid-write
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    error = "cannot create secret file '" + temp + "'";
    return false;
  }
  const std::string line = secret + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  ok = ok && ::rename(temp.c_str(), path.c_str()) == 0;
  if (ok) {
    // The rename is durable only once the directory entry is.
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
  }
  if (!ok) {
    ::unlink(temp.c_str());
    error = "cannot write secret file '" + path + "'";
  }
  return ok;
}

}  // namespace cityops
