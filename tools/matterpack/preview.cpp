#include "tools/matterpack/preview.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "kiosk/catalog/bundle.hpp"
#include "kiosk/strings.hpp"
#include "tools/matterpack/scratch_dir.hpp"

namespace fs = std::filesystem;

namespace ow::matterpack {

namespace {
using catalog::FieldType;

// The screens a preview shows, in journey order, as named in the PNG files and by the kiosk.
constexpr const char* kScreens[] = {"detail", "form", "materials", "prereview"};

// The sample citizen typed into the form: the identity tools/screens/screens.list uses.
constexpr const char* kSampleName = "张三";
constexpr const char* kSampleIdNumber = "11010519491231002X";
constexpr const char* kSampleBirthDate = "19491231";  // typed: the date keys make 1949-12-31
constexpr const char* kSampleSex = "男";
constexpr const char* kSampleNation = "汉";
constexpr const char* kSampleAddress = "广东省广州市天河区天河路100号";
constexpr const char* kSamplePhone = "13800138000";
constexpr const char* kSampleDate = "20260101";
constexpr const char* kSampleText = "示例";

// The labels the script taps are the kiosk's own strings, so a reworded button cannot drift apart.
std::string label(Str s) { return tr(s, Language::Chinese); }

// What the application is, as the kiosk runs it: a matter, or a bundle merged into one.
struct Subject {
  catalog::Matter app;
  std::string credit_code;  // a valid credit code for credit_code fields: the (first) department's
};

Result<Subject> subject(const catalog::Catalog& cat, const std::string& code) {
  if (const catalog::Matter* m = cat.find(code)) return Subject{*m, m->department.credit_code};
  const catalog::Bundle* b = cat.find_bundle(code);
  if (!b) return fail("no matter or bundle with code \"" + code + "\" in this catalog");
  auto merged = catalog::merge_bundle(cat, *b);
  if (!merged) return tl::unexpected(merged.error());
  std::string credit;
  for (const catalog::Matter* step : merged->steps)
    if (credit.empty()) credit = step->department.credit_code;
  return Subject{catalog::bundle_as_matter(*merged), credit};
}

// The kiosk asks for the form only when something required is missing (免填单 otherwise); without a
// card, that is any required field a citizen types (a signature is given on the review).
bool has_form(const catalog::Matter& m) {
  for (const auto& f : m.fields)
    if (f.required && f.type != FieldType::Signature) return true;
  return false;
}

// What the sample citizen puts in a field: their own details where the card would, else a plain value.
std::string sample_value(const catalog::FormField& f, const std::string& credit_code) {
  if (f.prefill == "idcard.name") return kSampleName;
  if (f.prefill == "idcard.id_number") return kSampleIdNumber;
  if (f.prefill == "idcard.birth_date") return kSampleBirthDate;
  if (f.prefill == "idcard.sex") return kSampleSex;
  if (f.prefill == "idcard.nation") return kSampleNation;
  switch (f.type) {
    case FieldType::IdNumber: return kSampleIdNumber;
    case FieldType::Phone: return kSamplePhone;
    case FieldType::Number: return "1";
    case FieldType::Date: return kSampleDate;
    case FieldType::CreditCode: return credit_code;
    case FieldType::Address: return kSampleAddress;
    default: return kSampleText;
  }
}

// Script lines that fill every required field the way a citizen does: a choice by its button,
// anything else by tapping the field, typing and 完成.
std::string fill_form(const Subject& s) {
  std::string out;
  for (const auto& f : s.app.fields) {
    if (!f.required || f.type == FieldType::Signature) continue;
    if (f.type == FieldType::Bool) {
      out += "tap \"" + label(Str::OptionYes) + "\"\n";
    } else if (f.type == FieldType::Select && !f.options.empty()) {
      const bool male = f.prefill == "idcard.sex" && std::find(f.options.begin(), f.options.end(), kSampleSex) != f.options.end();
      out += "tap \"" + (male ? std::string(kSampleSex) : f.options.front()) + "\"\n";
    } else {
      out += "tap \"" + f.label + "\"\ntype \"" + sample_value(f, s.credit_code) + "\"\ntap \"" + label(Str::KeyDone) + "\"\n";
    }
  }
  return out;
}

std::string shot(const std::string& code, const std::string& screen, const std::string& orientation, const std::string& mode) {
  return code + "-" + screen + "-" + orientation + "-" + mode;
}

// The journey from the attract screen through `screens`, a screenshot on each; it stops after the last.
std::string script(const Subject& s, const std::vector<std::string>& screens, const std::string& orientation,
                   const std::string& mode) {
  std::ostringstream o;
  o << "wait_screen attract\n";
  if (mode == "elderly") o << "tap \"" << label(Str::ElderlyOn) << "\"\n";
  o << "tap \"" << label(Str::AttractStart) << "\"\nwait_screen consent\n"
    << "tap \"" << label(Str::ConsentAgree) << "\"\nwait_screen home\n"
    << "tap \"" << label(Str::HomeSearchHint) << "\"\nwait_screen search\n"
    << "type \"" << s.app.name << "\"\ntap \"" << s.app.name << "\"\n";
  for (std::size_t i = 0; i < screens.size(); ++i) {
    const std::string& screen = screens[i];
    o << "wait_screen " << screen << "\nsleep_ms 300\nscreenshot " << shot(s.app.code, screen, orientation, mode) << "\n";
    if (i + 1 == screens.size()) break;
    if (screen == "detail") o << "tap \"" << label(Str::DetailStart) << "\"\n";
    if (screen == "form") o << fill_form(s);
    if (screen == "form" || screen == "materials") o << "tap \"" << label(Str::FormNext) << "\"\n";
  }
  return o.str();
}

// The screens this application has, of the four; why any other is absent goes to `notes`.
std::vector<std::string> plan(const catalog::Matter& app, std::vector<std::string>& notes) {
  if (app.face_verification) {
    // The face check comes before the form and needs a camera: the preview stops at the detail.
    notes.push_back("form, materials, prereview: not rendered — the face check (人脸核验) comes first and needs a camera");
    return {"detail"};
  }
  std::vector<std::string> screens;
  for (const char* screen : kScreens) {
    const std::string sc = screen;
    if (sc == "form" && !has_form(app))
      notes.push_back("form: not shown — nothing required to type (免填单), the kiosk goes straight on");
    else if (sc == "materials" && app.materials.empty())
      notes.push_back("materials: not shown — this application needs no materials");
    else
      screens.push_back(sc);
  }
  return screens;
}

std::string config(const fs::path& source, const fs::path& data_dir, const std::string& orientation) {
  std::ostringstream o;
  o << "[kiosk]\nid = \"KIOSK-PREVIEW\"\nnumber = 1\nhall_name = \"预览\"\n"
    << "data_dir = " << std::quoted(data_dir.string()) << "\ncatalog = " << std::quoted(source.string()) << "\n"
    << "orientation = \"" << orientation << "\"\nvoice = false\n[display]\ndpi = 96\n";
  return o.str();
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

bool write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::trunc);
  out << text;
  return static_cast<bool>(out.flush());
}

// Runs the kiosk headless on one script; its log (stdout and stderr) goes to `log`. The exit code.
int run_kiosk(const fs::path& kiosk, const fs::path& cfg, const fs::path& script_file, const fs::path& shots,
              const fs::path& audit, const fs::path& log) {
  std::vector<std::string> args = {kiosk.string(), "--config", cfg.string(), "--script", script_file.string(),
                                   "--screenshots", shots.string(), "--audit", audit.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  pid_t pid = -1;
  int status = 0;
  const bool started = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) == 0;
  posix_spawn_file_actions_destroy(&fa);
  if (!started) return 127;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The kiosk's account of the script step that failed, from its log.
std::string failed_step(const fs::path& log) {
  std::ifstream in(log);
  std::string line, found;
  while (std::getline(in, line))
    if (line.find("script step") != std::string::npos) found = line.substr(line.find("script step"));
  return found;
}
}  // namespace

fs::path default_kiosk_program() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path("/usr/bin/kiosk") : self.parent_path() / "kiosk";
}

Result<PreviewReport> render_preview(const catalog::Catalog& cat, const PreviewRequest& req) {
  auto s = subject(cat, req.code);
  if (!s) return tl::unexpected(s.error());
  if (!s->app.self_service)
    return fail("\"" + s->app.name + "\" is not for self-service (self_service false): kiosks do not offer it, so there is nothing to preview");
  if (::access(req.kiosk.c_str(), X_OK) != 0)
    return fail("the kiosk program " + req.kiosk.string() + " is missing or not executable; give its path with --kiosk");
  std::error_code ec;
  fs::create_directories(req.out_dir, ec);
  if (ec) return fail("cannot make " + req.out_dir.string() + ": " + ec.message());
  auto work = ScratchDir::make("matterpack-preview");
  if (!work) return fail("cannot make a temporary folder for the kiosk's runs");

  PreviewReport report;
  const std::vector<std::string> screens = plan(s->app, report.notes);
  const fs::path source = fs::absolute(req.source);
  std::vector<std::string> clean_check;  // the runs whose pre-review found nothing
  for (const std::string orientation : {"landscape", "portrait"}) {
    for (const std::string mode : {"standard", "elderly"}) {
      const fs::path run = work->path() / (orientation + "-" + mode);
      fs::create_directories(run / "data", ec);
      // A picture left from an earlier preview must not pass for one this run made.
      for (const auto& screen : screens) fs::remove(req.out_dir / (shot(s->app.code, screen, orientation, mode) + ".png"), ec);
      if (!write_file(run / "kiosk.toml", config(source, run / "data", orientation)) ||
          !write_file(run / "script.txt", script(*s, screens, orientation, mode)))
        return fail("cannot write the kiosk's script under " + run.string());
      const int rc = run_kiosk(req.kiosk, run / "kiosk.toml", run / "script.txt", req.out_dir, run / "audit.jsonl", run / "log.txt");
      // The script stops at the first screen it does not reach; the kiosk's log says why.
      for (const auto& screen : screens) {
        const fs::path png = req.out_dir / (shot(s->app.code, screen, orientation, mode) + ".png");
        if (fs::exists(png, ec)) {
          report.written.push_back(png);
          continue;
        }
        const std::string why = failed_step(run / "log.txt");
        const std::string where = screen + " (" + orientation + ", " + mode + ")";
        // A check with nothing to say is not a screen: the kiosk goes straight on to review and sign.
        if (screen == "prereview" && why.find("failed on screen review") != std::string::npos)
          clean_check.push_back(orientation + " " + mode);
        else
          report.failures.push_back(where + ": not reached, kiosk exit " + std::to_string(rc) + (why.empty() ? "" : ": " + why));
        break;
      }
    }
  }
  if (!clean_check.empty())
    report.notes.push_back("prereview: not shown" + (clean_check.size() == 4 ? std::string() : " (" + join(clean_check) + ")") +
                           " — the check found nothing, the kiosk goes straight on to review and sign");
  return report;
}

}  // namespace ow::matterpack
