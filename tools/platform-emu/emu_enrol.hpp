#pragma once
// First-boot enrolment (POST /v1/kiosks/{id}/csr): the platform's CA signs a kiosk's CSR into a
// client certificate for mutual TLS, and hands back its CA and the catalog signing key to pin.
// `kioskctl provision` is the client. Thread-safe.
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "tools/platform-emu/emu_state.hpp"

namespace ow::emu {

struct EnrolOptions {
  std::filesystem::path ca_cert, ca_key;  // PEM; the CA kiosk certificates chain to
  std::string token;                      // expected as "Authorization: Bearer <token>"
  std::filesystem::path catalog_pubkey;   // a file holding the Ed25519 catalog key in hex
  int days = 825;                         // validity of the certificates it issues
};

class Enroller {
 public:
  static std::unique_ptr<Enroller> open(const EnrolOptions& options, std::string& error);
  ~Enroller();
  Enroller(const Enroller&) = delete;
  Enroller& operator=(const Enroller&) = delete;

  Answer enrol(const std::string& kiosk_id, const std::string& authorization, const std::string& body);
  // For tests and the operator: how many certificates it has issued.
  Answer stats() const;

 private:
  struct Keys;
  Enroller(std::unique_ptr<Keys> keys, EnrolOptions options, std::string ca_pem, std::string catalog_key);
  std::unique_ptr<Keys> keys_;
  EnrolOptions options_;
  std::string ca_pem_, catalog_key_;
  std::atomic<int> issued_{0}, refused_{0};
};

}  // namespace ow::emu
