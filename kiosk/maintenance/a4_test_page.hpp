#pragma once
// The A4 test page a technician prints from the device page: the application form layout (so the
// page shows what citizens' forms will look like) filled with the kiosk's identity, the time and
// a line of Chinese, Latin and digits to check the font. No personal data.
#include <filesystem>

#include "kiosk/config.hpp"
#include "kiosk/result.hpp"

namespace ow::maintenance {

Result<void> write_a4_test_page(const Config& config, const std::filesystem::path& pdf);

}  // namespace ow::maintenance
