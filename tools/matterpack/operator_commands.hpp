#pragma once
// The operators' look before publishing: `matterpack diff OLD NEW` (what changes for citizens) and
// `matterpack preview SOURCE CODE` (the kiosk's own screens for one matter or bundle). main.cpp
// registers them; each sets `rc` to the command's exit code.
#include <CLI/CLI.hpp>

namespace ow::matterpack {

void add_diff_command(CLI::App& app, int& rc);
void add_preview_command(CLI::App& app, int& rc);
// `matterpack rotate-key` (rotate_key.cpp): a signed statement naming the next signing key.
void add_rotate_key_command(CLI::App& app, int& rc);

}  // namespace ow::matterpack
