#pragma once
// A private pcscd for tests, with one vpcd virtual reader on a free TCP port.
//
// Debian 12's pcscd (1.9.9) always serves /run/pcscd/pcscd.comm and writes /run/pcscd/pcscd.pid;
// only the client library reads PCSCLITE_CSOCK_NAME. So pcscd runs in its own mount namespace
// (`unshare --mount`, plus `--user --map-root-user` when not root) where a private directory is
// bound over /run/pcscd: a system pcscd, running or socket-activated, is never touched, and this
// process's libpcsclite is pointed at the private socket through PCSCLITE_CSOCK_NAME. The reader
// configuration is a private reader.conf.d directory (`pcscd --config DIR`) whose vpcd entry uses
// a free port instead of the packaged 35963 (vpcd opens CHANNELID and CHANNELID + 1, two slots).
#include <cstdint>
#include <string>
#include <sys/types.h>

namespace ow::test {

class PrivatePcscd {
 public:
  PrivatePcscd();
  ~PrivatePcscd() { stop(); }
  PrivatePcscd(const PrivatePcscd&) = delete;
  PrivatePcscd& operator=(const PrivatePcscd&) = delete;

  // Why pcscd cannot run on this machine (missing package, no namespaces…), or empty.
  const std::string& unavailable() const { return unavailable_; }
  // Starts pcscd and waits until its vpcd reader is listed. Empty on success, else why not.
  std::string start();
  // SIGTERM, then SIGKILL if it lingers; always reaps the child.
  void stop();
  bool running() const { return pid_ > 0; }

  std::uint16_t vpcd_port() const { return port_; }
  std::string reader_name() const { return "OW Virtual PCD 00 00"; }
  std::string log_tail() const;

  // The process-wide private socket path (libpcsclite caches it on first use, so it never changes).
  static const std::string& socket_path();

 private:
  std::string dir_;
  std::string unavailable_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace ow::test
