#pragma once
// `devsim idcard`'s device: the driver's in-process fake (drivers/idcard/fake_reader_device.hpp)
// with its cards read from a JSON fixtures file.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "drivers/idcard/fake_reader_device.hpp"

namespace ow::devsim {

using drivers::idcard::fake::CardFixture;
using drivers::idcard::fake::encode_text_block;
using drivers::idcard::fake::Fault;
using drivers::idcard::fake::fixture_wlt;
using drivers::idcard::fake::Outgoing;
using drivers::idcard::fake::parse_fault;
using IdCardSim = drivers::idcard::fake::FakeReaderDevice;

// Reads {"cards": [ {…}, … ]}; the error names the file and what is wrong.
std::optional<std::vector<CardFixture>> load_fixtures(const std::filesystem::path& file, std::string* error);

}  // namespace ow::devsim
