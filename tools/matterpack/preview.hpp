#pragma once
// `matterpack preview`: a matter's (or a bundle's merged) detail, form, materials and pre-review
// screens as a citizen meets them, rendered by the kiosk program itself (its headless scripted
// mode, ui/script.hpp) in standard and elderly mode, landscape and portrait, to PNG files named
// <code>-<screen>-<orientation>-<mode>.png. The kiosk serves the source folder as it is (no package,
// no key), offline and without devices. Without a card reader the form is shown empty as first
// seen, then filled with a sample identity; with devsim (a development build's ID card simulator)
// the sample card is read, so the form shows what the card fills, as read. Then the materials (none
// handed in but what the card stands for) and the pre-review of what is then missing.
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/catalog/catalog.hpp"
#include "kiosk/result.hpp"

namespace ow::matterpack {

struct PreviewRequest {
  std::filesystem::path source;  // the catalog source folder the kiosk serves
  std::string code;              // a matter's or a bundle's code
  std::filesystem::path out_dir;
  std::filesystem::path kiosk;   // the kiosk program
  std::filesystem::path devsim;  // the ID card simulator (devsim); empty: no card is read
};

struct PreviewReport {
  std::vector<std::filesystem::path> written;  // every PNG, in the order rendered
  std::vector<std::string> notes;              // screens this application does not have, and why
  std::vector<std::string> failures;           // screens it should have that the kiosk did not reach
};

// The kiosk program next to this one (/usr/bin in the Debian package), unless given.
std::filesystem::path default_kiosk_program();

// Fails before rendering when the code is unknown, the kiosk program is missing, or the kiosk
// could never show it (not for self-service). Screens the kiosk did not reach are failures in the
// report, with the kiosk's own account of the step that failed.
Result<PreviewReport> render_preview(const catalog::Catalog& catalog, const PreviewRequest& request);

}  // namespace ow::matterpack
