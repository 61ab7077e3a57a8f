#include "tools/matterpack/catalog_input.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

#include "kiosk/catalog/package.hpp"
#include "tools/matterpack/scratch_dir.hpp"

namespace fs = std::filesystem;

namespace ow::matterpack {

Result<catalog::Catalog> load_catalog_input(const fs::path& path, const std::optional<fs::path>& pub) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return catalog::load_catalog(path);
  if (!fs::is_regular_file(path, ec)) return fail(path.string() + ": no such catalog folder or package file");
  if (!pub) return fail(path.string() + " is a package: give the public key it is signed with (--pub catalog.pub)");
  auto key = catalog::load_public_key(*pub);
  if (!key) return tl::unexpected(key.error());
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read " + path.string());
  const std::string bytes(std::istreambuf_iterator<char>(in), {});
  auto pkg = catalog::open_package(bytes, *key);
  if (!pkg) return fail(path.string() + ": rejected (" + catalog::to_string(pkg.error().code) + "): " + pkg.error().message);

  // The content is read from a folder, as the kiosk reads an applied version.
  auto scratch = ScratchDir::make("matterpack-diff");
  if (!scratch) return fail("cannot make a temporary folder for " + path.string());
  for (const auto& f : pkg->files) {
    // open_package already refused unsafe paths; the folders they name are made here.
    const fs::path out = scratch->path() / f.path;
    fs::create_directories(out.parent_path(), ec);
    std::ofstream o(out, std::ios::binary | std::ios::trunc);
    o.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
    if (!o.flush()) return fail("cannot write " + out.string());
  }
  auto cat = catalog::load_catalog(scratch->path());
  if (cat) cat->version = std::to_string(pkg->manifest.version);
  return cat;
}

}  // namespace ow::matterpack
