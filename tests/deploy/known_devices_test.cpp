// The udev rules the package installs are generated from the known-device table; this checks the
// generated file grants exactly the table's devices, with the group and stable names the kiosk expects.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "drivers/known_devices.hpp"

using namespace ow::drivers;

namespace {
struct RuleLine {
  std::string subsystem, symlink, group, mode;
};

std::multimap<std::string, RuleLine> rules_by_id() {
  std::ifstream f(OW_UDEV_RULES);
  REQUIRE(f.good());
  std::multimap<std::string, RuleLine> out;
  const std::regex ids(R"re(ATTRS\{idVendor\}=="([0-9a-f]{4})", ATTRS\{idProduct\}=="([0-9a-f]{4})")re");
  const std::regex subsystem(R"re(SUBSYSTEM=="([a-z0-9]+)")re"), symlink(R"re(SYMLINK\+="([^"]+)")re"),
      group(R"re(GROUP="([^"]+)")re"), mode(R"re(MODE="([0-7]+)")re");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::smatch m, s;
    if (!std::regex_search(line, m, ids)) continue;
    RuleLine r;
    if (std::regex_search(line, s, subsystem)) r.subsystem = s[1];
    if (std::regex_search(line, s, symlink)) r.symlink = s[1];
    if (std::regex_search(line, s, group)) r.group = s[1];
    if (std::regex_search(line, s, mode)) r.mode = s[1];
    out.emplace(std::string(m[1]) + ":" + std::string(m[2]), r);
  }
  return out;
}

std::string id_of(const KnownDevice& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04x:%04x", d.vendor, d.product);
  return buf;
}
}  // namespace

TEST_CASE("every known device has a udev rule giving the onewindow group access, and nothing else has") {
  const auto rules = rules_by_id();
  std::set<std::string> table_ids;
  for (const auto& d : known_devices()) {
    const std::string id = id_of(d);
    CAPTURE(id);
    table_ids.insert(id);
    const auto [first, last] = rules.equal_range(id);
    REQUIRE(first != last);
    bool node_rule = false;
    for (auto it = first; it != last; ++it) {
      CHECK(it->second.group == "onewindow");
      CHECK(it->second.mode == "0660");
      if (d.family == DeviceFamily::SerialBridge) {
        CHECK(it->second.subsystem == "tty");
        CHECK(it->second.symlink.rfind("onewindow/serial-", 0) == 0);
        node_rule = true;
      } else if (it->second.subsystem == "usb") {
        CHECK(it->second.symlink == "onewindow/" + std::string(d.link));
        node_rule = true;
      }
    }
    CHECK(node_rule);
  }
  for (const auto& [id, rule] : rules) {
    CAPTURE(id);
    CHECK(table_ids.count(id) == 1);
  }
}

TEST_CASE("the table is well formed: unique ids, a stable link name for every non-bridge device") {
  std::set<std::string> seen;
  for (const auto& d : known_devices()) {
    CAPTURE(id_of(d));
    CHECK(seen.insert(id_of(d)).second);
    CHECK(!d.model.empty());
    if (d.family == DeviceFamily::SerialBridge) CHECK(d.link.empty());
    else CHECK(std::regex_match(std::string(d.link), std::regex("[a-z][a-z0-9-]*")));
  }
}

TEST_CASE("find_known_device names the family of a hotplugged id") {
  auto reader = find_known_device(0x0400, 0xc35a);
  REQUIRE(reader);
  CHECK(reader->family == DeviceFamily::IdCard);
  CHECK(reader->link == "idcard");
  auto printer = find_known_device(0x04b8, 0x0202);
  REQUIRE(printer);
  CHECK(to_string(printer->family) == "receipt_printer");
  CHECK_FALSE(find_known_device(0x0400, 0xc35b));
  CHECK_FALSE(find_known_device(0, 0));
}
