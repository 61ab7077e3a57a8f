#pragma once
// Platform API v1 over cpp-httplib, with the fault injection the sync engine is tested against.
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>

#include "tools/platform-emu/emu_enrol.hpp"
#include "tools/platform-emu/emu_state.hpp"

namespace ow::emu {

struct Faults {
  double fail_rate = 0;         // answer 5xx / 429 / 408 instead of handling
  int retry_after_s = -1;       // Retry-After on those answers; -1: none
  std::chrono::milliseconds latency{0};
  double drop_rate = 0;         // close the connection before handling
  double commit_then_drop = 0;  // handle (store), then close without answering
  double slow_body = 0;         // share of answers dribbled out a few bytes at a time
  std::chrono::milliseconds slow_body_step{5};
  std::uint64_t seed = 0;
};

// Registers every route on `server`. `state` (and `enroller`, if any) must outlive the server;
// without an enroller, enrolment answers 404.
class QrIdentities;
class ApplicantProfiles;
// identities: POST /v1/identity/qr (null: every credential is unknown); profiles: POST
// /v1/applicant/profile (null: every person is unknown).
void install_routes(httplib::Server& server, EmuState& state, const Faults& faults, Enroller* enroller,
                    QrIdentities* identities = nullptr, ApplicantProfiles* profiles = nullptr);

}  // namespace ow::emu
