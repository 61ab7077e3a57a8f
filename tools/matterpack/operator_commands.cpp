#include "tools/matterpack/operator_commands.hpp"

#include <cstdio>
#include <memory>

#include "tools/matterpack/catalog_input.hpp"
#include "tools/matterpack/diff.hpp"
#include "tools/matterpack/preview.hpp"

namespace fs = std::filesystem;

namespace ow::matterpack {

namespace {
struct DiffArgs {
  std::string before, after, pub;
};

int diff(const DiffArgs& a) {
  const std::optional<fs::path> pub = a.pub.empty() ? std::nullopt : std::optional<fs::path>(a.pub);
  auto before = load_catalog_input(a.before, pub);
  auto after = before ? load_catalog_input(a.after, pub) : before;
  if (!before || !after) {
    std::fprintf(stderr, "matterpack: %s\n", (!before ? before : after).error().message.c_str());
    return 2;
  }
  std::fputs(format_diff(diff_catalogs(*before, *after)).c_str(), stdout);
  return 0;
}

struct PreviewArgs {
  std::string source, code, out, kiosk, devsim;
};

int preview(const PreviewArgs& a) {
  auto cat = catalog::load_catalog(a.source);
  if (!cat) {
    std::fprintf(stderr, "matterpack: %s\n", cat.error().message.c_str());
    return 2;
  }
  PreviewRequest req{a.source, a.code, a.out.empty() ? fs::path("preview-" + a.code) : fs::path(a.out),
                     a.kiosk.empty() ? default_kiosk_program() : fs::path(a.kiosk), a.devsim};
  auto report = render_preview(*cat, req);
  if (!report) {
    std::fprintf(stderr, "matterpack: %s\n", report.error().message.c_str());
    return 2;
  }
  for (const auto& png : report->written) std::printf("%s\n", png.c_str());
  for (const auto& note : report->notes) std::printf("note: %s\n", note.c_str());
  for (const auto& failure : report->failures) std::fprintf(stderr, "matterpack: %s\n", failure.c_str());
  std::printf("%zu screenshots in %s\n", report->written.size(), req.out_dir.c_str());
  return report->failures.empty() && !report->written.empty() ? 0 : 1;
}
}  // namespace

void add_diff_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<DiffArgs>();
  auto* cmd = app.add_subcommand("diff", "List what changes for citizens between two catalogs (source folders or packages), in Chinese");
  cmd->add_option("OLD", args->before, "The catalog now published: source folder or package file")->required()->check(CLI::ExistingPath);
  cmd->add_option("NEW", args->after, "The catalog about to be published: source folder or package file")->required()->check(CLI::ExistingPath);
  cmd->add_option("--pub", args->pub, "Public key the packages are signed with (needed for a package)")->check(CLI::ExistingFile);
  cmd->callback([args, &rc] { rc = diff(*args); });
}

void add_preview_command(CLI::App& app, int& rc) {
  auto args = std::make_shared<PreviewArgs>();
  auto* cmd = app.add_subcommand("preview", "Render a matter's or bundle's detail, form, materials and pre-review screens with the kiosk, to PNG");
  cmd->add_option("SOURCE", args->source, "Catalog source folder")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("CODE", args->code, "The matter's or bundle's code")->required();
  cmd->add_option("--out", args->out, "Folder for the PNG files (default: preview-<CODE>)");
  cmd->add_option("--kiosk", args->kiosk, "The kiosk program (default: kiosk next to matterpack)");
  cmd->add_option("--devsim", args->devsim, "The ID card simulator of a development build: the sample card is read, as at a kiosk");
  cmd->callback([args, &rc] { rc = preview(*args); });
}

}  // namespace ow::matterpack
