#include "tools/matterpack/preview.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <thread>

#include "kiosk/catalog/bundle.hpp"
#include "kiosk/strings.hpp"
#include "tools/matterpack/child_process.hpp"
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
// With --devsim, the card on the simulated reader: a resident under 60 (no elderly-mode offer).
constexpr const char* kSampleCard = "resident_male";

// The labels the script taps are the kiosk's own strings, so a reworded button cannot drift apart.
std::string label(Str s) { return tr(s, Language::Chinese); }

// What the application is, as the kiosk runs it: a matter, or a bundle merged into one.
struct Subject {
  catalog::Matter app;
  std::string credit_code;  // a valid credit code for credit_code fields: the (first) department's
};

// The simulated ID card reader's control socket and serial line, when a card is read.
struct Card {
  fs::path socket, tty;
};

// A field the card fills and shows as read, not typed.
bool from_card(const catalog::FormField& f, bool card) { return card && f.prefill.starts_with("idcard."); }

Result<Subject> subject(const catalog::Catalog& cat, const std::string& code) {
  if (const catalog::Matter* m = cat.find(code)) return Subject{*m, m->department.credit_code};
  const catalog::Bundle* b = cat.find_bundle(code);
  if (!b) return fail("no matter or bundle with code \"" + code + "\" in this catalog");
  auto merged = catalog::merge_bundle(cat, *b);
  if (!merged) return tl::unexpected(merged.error());
  const std::string credit = merged->steps.empty() ? std::string() : merged->steps.front()->department.credit_code;
  return Subject{catalog::bundle_as_matter(*merged), credit};
}

// The kiosk asks for the form only when something required is missing (免填单 otherwise): a
// required field the citizen types (a signature is given on the review; the card fills its own).
bool has_form(const catalog::Matter& m, bool card) {
  for (const auto& f : m.fields)
    if (f.required && f.type != FieldType::Signature && !from_card(f, card)) return true;
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
std::string fill_form(const Subject& s, bool card) {
  std::string out;
  for (const auto& f : s.app.fields) {
    if (!f.required || f.type == FieldType::Signature || from_card(f, card)) continue;
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
// With a card, it is placed on the reader on the attract screen (after choosing elderly mode) and
// taken off at the end; an earlier run that stopped half way may have left it there.
std::string script(const Subject& s, const std::vector<std::string>& screens, const std::string& orientation,
                   const std::string& mode, const std::optional<Card>& card) {
  std::ostringstream o;
  const std::string sim = card ? "sim \"" + card->socket.string() + " " : "";
  if (card) o << sim << "remove\"\n";
  o << "wait_screen attract\n";
  if (mode == "elderly") o << "tap \"" << label(Str::ElderlyOn) << "\"\n";
  if (card) o << sim << "place " << kSampleCard << "\"\n";
  else o << "tap \"" << label(Str::AttractStart) << "\"\n";
  o << "wait_screen consent\n"
    << "tap \"" << label(Str::ConsentAgree) << "\"\nwait_screen home\n"
    << "tap \"" << label(Str::HomeSearchHint) << "\"\nwait_screen search\n"
    << "type \"" << s.app.name << "\"\ntap \"" << s.app.name << "\"\n";
  for (std::size_t i = 0; i < screens.size(); ++i) {
    const std::string& screen = screens[i];
    o << "wait_screen " << screen << "\nsleep_ms 300\nscreenshot " << shot(s.app.code, screen, orientation, mode) << "\n";
    if (i + 1 == screens.size()) break;
    if (screen == "detail") o << "tap \"" << label(Str::DetailStart) << "\"\n";
    if (screen == "form") o << fill_form(s, card.has_value());
    if (screen == "form" || screen == "materials") o << "tap \"" << label(Str::FormNext) << "\"\n";
  }
  if (card) o << sim << "remove\"\n";
  return o.str();
}

// The screens this application has, of the four; why any other is absent goes to `notes`.
std::vector<std::string> plan(const catalog::Matter& app, bool card, std::vector<std::string>& notes) {
  if (app.face_verification) {
    // The face check comes before the form and needs a camera: the preview stops at the detail.
    notes.push_back("form, materials, prereview: not rendered — the face check (人脸核验) comes first and needs a camera");
    return {"detail"};
  }
  std::vector<std::string> screens;
  for (const char* screen : kScreens) {
    const std::string sc = screen;
    if (sc == "form" && !has_form(app, card))
      notes.push_back("form: not shown — nothing required to type (免填单), the kiosk goes straight on");
    else if (sc == "materials" && app.materials.empty())
      notes.push_back("materials: not shown — this application needs no materials");
    else
      screens.push_back(sc);
  }
  return screens;
}

std::string config(const fs::path& source, const fs::path& data_dir, const std::string& orientation,
                   const std::optional<Card>& card) {
  std::ostringstream o;
  o << "[kiosk]\nid = \"KIOSK-PREVIEW\"\nnumber = 1\nhall_name = \"预览\"\n"
    << "data_dir = " << std::quoted(data_dir.string()) << "\ncatalog = " << std::quoted(source.string()) << "\n"
    << "orientation = \"" << orientation << "\"\nvoice = false\n[display]\ndpi = 96\n";
  if (card) o << "[idcard]\nport = " << std::quoted(card->tty.string()) << "\n";
  return o.str();
}

// `devsim idcard` on a control socket and a serial line in `dir`, once both are there.
Result<Background> start_card_reader(const fs::path& devsim, const fs::path& dir, Card& card) {
  card = Card{dir / "idcard.sock", dir / "idcard.tty"};
  auto pid = spawn({devsim.string(), "idcard", "--control", card.socket.string(), "--link", card.tty.string()}, dir / "devsim.log");
  if (!pid) return fail("cannot start the ID card simulator " + devsim.string());
  Background reader(*pid);
  std::error_code ec;
  for (int i = 0; i < 100 && !(fs::exists(card.socket, ec) && fs::exists(card.tty, ec)); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (!fs::exists(card.socket, ec) || !fs::exists(card.tty, ec))
    return fail("the ID card simulator " + devsim.string() + " did not start (see " + (dir / "devsim.log").string() + ")");
  return reader;
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
  if (!req.devsim.empty() && ::access(req.devsim.c_str(), X_OK) != 0)
    return fail("the ID card simulator " + req.devsim.string() + " is missing or not executable");
  auto work = ScratchDir::make("matterpack-preview");
  if (!work) return fail("cannot make a temporary folder for the kiosk's runs");
  std::optional<Card> card;
  std::optional<Background> reader;
  if (!req.devsim.empty()) {
    card.emplace();
    auto started = start_card_reader(req.devsim, work->path(), *card);
    if (!started) return tl::unexpected(started.error());
    reader.emplace(std::move(*started));
  }

  PreviewReport report;
  const std::vector<std::string> screens = plan(s->app, card.has_value(), report.notes);
  const fs::path source = fs::absolute(req.source);
  std::vector<std::string> clean_check;  // the runs whose pre-review found nothing
  for (const std::string orientation : {"landscape", "portrait"}) {
    for (const std::string mode : {"standard", "elderly"}) {
      const fs::path run = work->path() / (orientation + "-" + mode);
      fs::create_directories(run / "data", ec);
      // A picture left from an earlier preview must not pass for one this run made.
      for (const auto& screen : screens) fs::remove(req.out_dir / (shot(s->app.code, screen, orientation, mode) + ".png"), ec);
      if (!write_file(run / "kiosk.toml", config(source, run / "data", orientation, card)) ||
          !write_file(run / "script.txt", script(*s, screens, orientation, mode, card)))
        return fail("cannot write the kiosk's script under " + run.string());
      const auto pid = spawn({req.kiosk.string(), "--config", (run / "kiosk.toml").string(), "--script", (run / "script.txt").string(),
                              "--screenshots", req.out_dir.string(), "--audit", (run / "audit.jsonl").string()},
                             run / "log.txt");
      if (!pid) return fail("cannot start the kiosk program " + req.kiosk.string());
      const int rc = wait_exit(*pid);
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
