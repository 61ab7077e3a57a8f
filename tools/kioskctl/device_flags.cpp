#include "tools/kioskctl/device_flags.hpp"

namespace ow::kioskctl {

Result<drivers::DeviceSpec> checked_spec(drivers::DeviceSpec spec, const FlagNames& flags) {
  auto ok = drivers::check_spec(spec);
  if (ok) return spec;
  // check_spec's message starts with the spec's field: put the flag in its place.
  const std::string& m = ok.error().message;
  const auto colon = m.find(':');
  for (const auto& [field, flag] : flags)
    if (m.compare(0, colon, field) == 0) return fail(flag + m.substr(colon));
  return fail(m);
}

Result<std::unique_ptr<drivers::Transport>> checked_transport(const drivers::DeviceSpec& spec, const FlagNames& flags) {
  auto checked = checked_spec(spec, flags);
  if (!checked) return tl::unexpected(checked.error());
  auto transport = drivers::make_device_transport(*checked);
  if (!transport) return fail(transport.error().message);
  return std::move(*transport);
}

}  // namespace ow::kioskctl
