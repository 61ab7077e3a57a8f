#pragma once
// The data dir belongs to the kiosk user. kioskctl run as root (sudo kioskctl pin set, sudo kioskctl
// sync) does its work there as that user, so that what it creates — technician_pins, sync.lock,
// the database and its journal — stays the kiosk's to read and write.
#include <filesystem>
#include <functional>

#include "kiosk/result.hpp"
#include "kiosk/safe_files.hpp"

namespace ow::kioskctl {

// As root: becomes the data dir's owner (its groups too) for the rest of the process. Otherwise,
// or when root owns the data dir or it does not exist yet, nothing changes.
Result<void> become_data_dir_owner(const std::filesystem::path& data_dir);

// Runs `work` as `owner` in a child process (root stays root here); directly when we are that user.
Result<void> run_as(safe::Owner owner, const std::function<Result<void>()>& work);

}  // namespace ow::kioskctl
