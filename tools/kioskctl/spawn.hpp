#pragma once
// Running a helper program (openssl, systemd-creds) from kioskctl: no shell, so no argument is
// ever interpreted.
#include <string>
#include <vector>

#include "kiosk/result.hpp"

namespace ow::kioskctl {

// Runs argv[0] (found on PATH) with `input` on its stdin and returns its stdout; stderr passes
// through to the technician. `input` is small (a key or a CSR): it fits the pipe before the
// program reads. Fails when the program cannot be started or does not exit 0.
Result<std::string> run_program(const std::vector<std::string>& argv, const std::string& input = {});

// The same with the output thrown away: true when the program exits 0.
bool run_quietly(const std::vector<std::string>& argv);

}  // namespace ow::kioskctl
