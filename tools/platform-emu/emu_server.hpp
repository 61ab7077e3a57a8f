#pragma once
// Platform API v1 over cpp-httplib, with the fault injection the sync engine is tested against.
#include <httplib.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "tools/platform-emu/emu_enrol.hpp"
#include "tools/platform-emu/emu_state.hpp"

namespace ow::emu {

// A gateway in front of the platform that answers one status (401, 403, 404, 413, …) to every v1
// call under a path, as a wrong certificate mapping, a removed route or a body limit would: a
// fault of the platform's configuration, not of any submission. Set by --gateway-status and
// --gateway-path, changed while running by POST /admin/gateway-fault {"status": 0|4xx|5xx, "path": "/v1/…",
// "retry_after_s": N}. A 503 on every path is the whole platform down (the fleet benchmark's outage).
class GatewayFault {
 public:
  struct Refusal {
    int status = 0;  // 0: the call goes through
    int retry_after_s = -1;  // -1: no Retry-After
  };
  void set(int status, std::string path_prefix, int retry_after_s = -1) {
    std::lock_guard lock(mutex_);
    refusal_ = {status, retry_after_s};
    path_ = std::move(path_prefix);
  }
  Refusal answer_for(const std::string& path) const {
    std::lock_guard lock(mutex_);
    return refusal_.status != 0 && path.rfind(path_, 0) == 0 ? refusal_ : Refusal{};
  }

 private:
  mutable std::mutex mutex_;
  Refusal refusal_;
  std::string path_ = "/v1/";
};

struct Faults {
  double fail_rate = 0;         // answer 5xx / 429 / 408 instead of handling
  int retry_after_s = -1;       // Retry-After on those answers; -1: none
  std::chrono::milliseconds latency{0};
  double drop_rate = 0;         // close the connection before handling
  double commit_then_drop = 0;  // handle (store), then close without answering
  double slow_body = 0;         // share of answers dribbled out a few bytes at a time
  std::chrono::milliseconds slow_body_step{5};
  std::uint64_t seed = 0;
  std::shared_ptr<GatewayFault> gateway = std::make_shared<GatewayFault>();
};

// Registers every route on `server`. `state` (and `enroller`, if any) must outlive the server;
// without an enroller, enrolment answers 404.
class QrIdentities;
class ApplicantProfiles;
class FaceChecks;
// identities: POST /v1/identity/qr (null: every credential is unknown); profiles: POST
// /v1/applicant/profile (null: every person is unknown); faces: POST /v1/identity/verify (null:
// nobody has a photo on record).
void install_routes(httplib::Server& server, EmuState& state, const Faults& faults, Enroller* enroller,
                    QrIdentities* identities = nullptr, ApplicantProfiles* profiles = nullptr,
                    FaceChecks* faces = nullptr);

}  // namespace ow::emu
