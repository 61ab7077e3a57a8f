// `matterpack rotate-key`: the statement that hands the catalog signing role from the key kiosks
// trust now to a new one (kiosk/catalog/key_rotation.hpp). Signed offline with the current secret
// key; `matterpack build --rotation FILE` puts it in front of every package from then on.
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "kiosk/catalog/key_rotation.hpp"
#include "tools/matterpack/operator_commands.hpp"

namespace ow::matterpack {

namespace {
struct RotateOptions {
  std::string key, new_pub, expires, out;
  std::int64_t sequence = 0;
};

int rotate_key(const RotateOptions& o) {
  auto secret = catalog::load_secret_key(o.key);
  auto next = catalog::load_public_key(o.new_pub);
  if (!secret || !next) {
    std::fprintf(stderr, "matterpack: %s\n", (!secret ? secret.error() : next.error()).message.c_str());
    return 2;
  }
  catalog::RotationStatement s;
  s.sequence = o.sequence;
  crypto_sign_ed25519_sk_to_pk(s.old_key.data(), secret->data());
  s.new_key = *next;
  if (s.new_key == s.old_key) {
    std::fprintf(stderr, "matterpack: the new key is the current one\n");
    return 2;
  }
  const auto now = std::chrono::system_clock::now();
  s.created = catalog::format_time(now);
  if (!o.expires.empty()) {
    catalog::SysTime t;
    if (!catalog::parse_time(o.expires, t) || t <= now) {
      std::fprintf(stderr, "matterpack: --expires \"%s\" is not a future date or RFC 3339 time\n", o.expires.c_str());
      return 2;
    }
    s.expires = catalog::format_time(t);
  }
  const std::string bytes = catalog::build_rotation(s, *secret);
  sodium_memzero(secret->data(), secret->size());
  if (std::filesystem::exists(o.out)) {
    std::fprintf(stderr, "matterpack: %s exists; refusing to overwrite a rotation statement\n", o.out.c_str());
    return 2;
  }
  std::ofstream out(o.out, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) {
    std::fprintf(stderr, "matterpack: cannot write %s\n", o.out.c_str());
    return 1;
  }
  std::printf("wrote %s: rotation %lld, %s → %s%s\nbuild every package from now on with --rotation %s (and the earlier ones, in order)\n",
              o.out.c_str(), static_cast<long long>(s.sequence), catalog::to_hex(s.old_key.data(), 8).c_str(),
              catalog::to_hex(s.new_key.data(), 8).c_str(), s.expires.empty() ? "" : (", accepted until " + s.expires).c_str(),
              o.out.c_str());
  return 0;
}
}  // namespace

void add_rotate_key_command(CLI::App& app, int& rc) {
  auto o = std::make_shared<RotateOptions>();
  auto* cmd = app.add_subcommand("rotate-key", "Sign a statement that hands catalog signing to a new key (kiosks follow it)");
  cmd->add_option("--key", o->key, "The current secret key file (the one kiosks trust now)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--new-pub", o->new_pub, "The new public key file (matterpack keygen)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--sequence", o->sequence, "This rotation's number: 1 for the first, then 2, …")->required()->check(CLI::PositiveNumber);
  cmd->add_option("--expires", o->expires, "Kiosks accept the statement until then (YYYY-MM-DD or RFC 3339); default: always");
  cmd->add_option("-o,--out", o->out, "Statement file to write")->required();
  cmd->callback([o, &rc] { rc = rotate_key(*o); });
}

}  // namespace ow::matterpack
