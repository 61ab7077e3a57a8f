#include "ui/kiosk_window.hpp"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

#include "kiosk/log.hpp"
#include "kiosk/text_util.hpp"
#include "kiosk/strings.hpp"
#include "ui/audit.hpp"
#include "ui/screenshot.hpp"

namespace ow::ui {

namespace {
using namespace std::chrono;

// The hall's own words from the config that screens show: help desk and queue services.
std::string hall_texts(const Config& cfg) {
  std::string all = cfg.help_desk.place + cfg.help_desk.hours + cfg.help_desk.phone;
  for (const auto& q : cfg.queue.services) all += q.prefix + q.name;
  return all;
}

// Without a GPU (no DRM render node), SDL's OpenGL renderer runs on Mesa's CPU rasteriser
// (llvmpipe): creating its context costs ~250 ms of start-up and maps libLLVM (~37 MiB of PSS),
// to rasterise on the CPU all the same. SDL's own software renderer draws ImGui's triangles
// without either (issue 25).
bool has_gpu() {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/dev/dri", ec))
    if (e.path().filename().string().rfind("renderD", 0) == 0) return true;
  return false;
}

bool is_touch_input(const SDL_Event& e) {
  switch (e.type) {
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_KEYDOWN:
    case SDL_TEXTINPUT:
    case SDL_MOUSEWHEEL: return true;
    default: return false;
  }
}
}  // namespace

Result<std::unique_ptr<KioskWindow>> KioskWindow::create(AppCore& core, UiOptions options) {
  std::unique_ptr<KioskWindow> w(new KioskWindow(core, std::move(options)));
  if (auto ok = w->init(); !ok) return tl::unexpected(ok.error());
  return w;
}

Result<void> KioskWindow::init() {
  const Config& cfg = core_.config();
  if (options_.headless) {
    setenv("SDL_VIDEODRIVER", "offscreen", 0);
    setenv("SDL_AUDIODRIVER", "dummy", 0);
  }
  SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
  SDL_SetHint(SDL_HINT_IME_SHOW_UI, "0");
  // With no session bus configured, SDL_Init's D-Bus support (screensaver, IME) makes libdbus fork
  // and exec `dbus-launch --autolaunch` to start one (seen with strace, issue 25). The kiosk uses no
  // session bus it was not given: "disabled:" makes libdbus give up at once. A set address is kept.
  setenv("DBUS_SESSION_BUS_ADDRESS", "disabled:", 0);
  const bool accelerated = !options_.headless && has_gpu();
  // SDL's software renderer would otherwise present through an OpenGL texture, on llvmpipe again.
  if (!accelerated) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) return fail(std::string("SDL_Init: ") + SDL_GetError());
  Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
  SDL_Rect place{SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, cfg.width(), cfg.height()};
  if (cfg.fullscreen && !options_.headless) {
    // On X11, SDL asks the window manager for full screen and then waits up to 100 ms to see it
    // happen — all of it when there is no window manager (seen on Xvfb: a third of start-up, issue
    // 25). A borderless window over the whole display looks the same from the first frame; full
    // screen is asked for after it (enter_fullscreen), for managers that keep panels above others.
    // cage (Wayland) and KMS/DRM make the window full screen without such a wait.
    const char* driver = SDL_GetCurrentVideoDriver();
    const bool x11 = driver && std::string_view(driver) == "x11";
    if (x11 && SDL_GetDisplayBounds(0, &place) == 0) {
      flags |= SDL_WINDOW_BORDERLESS;
      fullscreen_pending_ = true;
    } else {
      flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
  }
  window_ = SDL_CreateWindow(tr(Str::AppTitle), place.x, place.y, place.w, place.h, flags);
  if (!window_) return fail(std::string("SDL_CreateWindow: ") + SDL_GetError());
  if (accelerated) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
  if (!renderer_) renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
  if (!renderer_) return fail(std::string("SDL_CreateRenderer: ") + SDL_GetError());
  if (!options_.headless) SDL_ShowCursor(SDL_DISABLE);  // a touch kiosk shows no pointer

  wake_event_ = SDL_RegisterEvents(1);
  const Uint32 wake_type = wake_event_;
  core_.set_waker([wake_type] {
    SDL_Event e{};
    e.type = wake_type;
    SDL_PushEvent(&e);  // thread-safe: workers wake the loop through it
  });
  maintenance_ = MaintenanceUi::start(core_, [wake_type] {
    SDL_Event e{};
    e.type = wake_type;
    SDL_PushEvent(&e);
  });

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // nothing of a session is written to disk by ImGui
  io.LogFilename = nullptr;
  int w = 0, h = 0;
  SDL_GetWindowSize(window_, &w, &h);
  metrics_.scale = static_cast<float>(std::min(w, h)) / 1080.0f;
  theme::apply_style(metrics_.scale);
  touch_.emplace(metrics_.scale);
  if (auto loaded = load_fonts(); !loaded) return loaded;
  elderly_metrics_ = metrics_;
  elderly_metrics_.header_h = 140;
  elderly_metrics_.footer_h = 160;
  elderly_metrics_.button_h = 120;
  elderly_metrics_.field_h = 100;
  elderly_metrics_.min_target = 96;
  ImGui_ImplSDL2_InitForSDLRenderer(window_);
  ImGui_ImplSDLRenderer_Init(renderer_);

  screens_[static_cast<int>(ScreenId::Attract)] = make_attract_screen();
  screens_[static_cast<int>(ScreenId::Consent)] = make_consent_screen();
  screens_[static_cast<int>(ScreenId::Notice)] = make_notice_screen();
  screens_[static_cast<int>(ScreenId::Home)] = make_home_screen();
  screens_[static_cast<int>(ScreenId::Form)] = make_form_screen();
  screens_[static_cast<int>(ScreenId::Materials)] = make_materials_screen();
  screens_[static_cast<int>(ScreenId::Prereview)] = make_prereview_screen();
  screens_[static_cast<int>(ScreenId::Submitting)] = make_submitting_screen();
  screens_[static_cast<int>(ScreenId::Receipt)] = make_receipt_screen();
  screens_[static_cast<int>(ScreenId::Evaluation)] = make_rating_screen();
  screens_[static_cast<int>(ScreenId::Goodbye)] = make_goodbye_screen();
  screens_[static_cast<int>(ScreenId::ElderlyOffer)] = make_elderly_offer_screen();
  screens_[static_cast<int>(ScreenId::Search)] = make_search_screen();
  screens_[static_cast<int>(ScreenId::Guide)] = make_guide_screen();
  screens_[static_cast<int>(ScreenId::Detail)] = make_detail_screen();
  screens_[static_cast<int>(ScreenId::Progress)] = make_progress_screen();
  screens_[static_cast<int>(ScreenId::QueueTicket)] = make_ticket_screen();
  screens_[static_cast<int>(ScreenId::Help)] = make_help_screen();
  screens_[static_cast<int>(ScreenId::QrLogin)] = make_qr_login_screen();
  screens_[static_cast<int>(ScreenId::QrOffline)] = make_qr_offline_screen();
  screens_[static_cast<int>(ScreenId::Review)] = make_review_screen();
  screens_[static_cast<int>(ScreenId::FaceConsent)] = make_face_consent_screen();
  screens_[static_cast<int>(ScreenId::FaceCapture)] = make_face_capture_screen();

  if (cfg.barcode.wedge) {
    WedgeOptions wo;
    wo.max_gap = milliseconds(cfg.barcode.wedge_max_gap_ms);
    wo.min_length = static_cast<std::size_t>(cfg.barcode.wedge_min_length);
    wo.max_length = static_cast<std::size_t>(cfg.barcode.max_bytes);
    wedge_.emplace(wo);
  }
  if (options_.script) {
    auto steps = load_script(*options_.script);
    if (!steps) return tl::unexpected(steps.error());
    script_.emplace(std::move(*steps), options_.screenshot_dir);
    script_->set_auditor([this](const FrameRecord& rec, std::string_view screen, const std::string& name) {
      return write_audit(rec, screen, name);
    });
  }
  return {};
}

KioskWindow::~KioskWindow() {
  // Screens may hold textures of the renderer: they go first.
  for (auto& screen : screens_) screen.reset();
  if (ImGui::GetCurrentContext()) {
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
  }
  maintenance_.reset();  // its workers wake the loop through SDL: stop them first
  core_.set_waker(nullptr);
  if (audio_device_) SDL_CloseAudioDevice(audio_device_);
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
  SDL_Quit();
}

Result<void> KioskWindow::write_audit(const FrameRecord& rec, std::string_view screen, const std::string& name) const {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const audit::Frame frame{std::string(screen), core_.elderly(), display.x, display.y,
                           static_cast<float>(core_.config().display_dpi)};
  const auto& file = options_.audit_file;
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
  }
  std::ofstream out(file, std::ios::app);
  out << audit::to_json(audit::audit_frame(rec, frame), name) << '\n';
  if (!out) return fail("cannot write the audit to " + file.string());
  return {};
}

SteadyTime KioskWindow::now() const {
  return steady_clock::now() + (script_ ? script_->clock_offset() : seconds(0));
}

void KioskWindow::on_session_end() {
  if (wedge_) wedge_->clear();
  for (auto& screen : screens_) screen->reset();
  // The pinyin engine learns what was chosen; the next citizen must not see this one's words.
  if (ime_) ime_->forget();
  // What was being written is as personal as what was typed. The model goes too, until a stroke.
  if (hand_) {
    hand_->clear();
    hand_->release();
  }
}

bool KioskWindow::handle_event(const SDL_Event& event) {
  if (event.type == SDL_QUIT) return false;
  if (power_.swallow_input(event, now())) return true;
  if (wedge_event(event)) return true;
  ImGui_ImplSDL2_ProcessEvent(&event);
  if (is_touch_input(event)) core_.dispatch(intent::KeepAlive{}, now());
  return true;
}

bool KioskWindow::wedge_event(const SDL_Event& event) {
  if (!wedge_) return false;
  const bool enter_key = (event.type == SDL_KEYDOWN || event.type == SDL_KEYUP) &&
                         (event.key.keysym.sym == SDLK_RETURN || event.key.keysym.sym == SDLK_KP_ENTER);
  if (event.type != SDL_TEXTINPUT && !enter_key) return false;
  core_.dispatch(intent::KeepAlive{}, now());
  // Enter's release is swallowed with its press: a passed-through Enter is replayed whole.
  if (event.type == SDL_KEYUP || (enter_key && event.key.repeat)) return true;
  if (event.type == SDL_TEXTINPUT) apply_wedge(wedge_->text(event.text.text, milliseconds(event.text.timestamp)));
  else apply_wedge(wedge_->enter(milliseconds(event.key.timestamp)));
  return true;
}

void KioskWindow::apply_wedge(std::vector<WedgeEvent> events) {
  ImGuiIO& io = ImGui::GetIO();
  for (auto& e : events) {
    if (auto* typed = std::get_if<wedge::Typed>(&e)) {
      io.AddInputCharactersUTF8(typed->text.c_str());
    } else if (std::holds_alternative<wedge::Enter>(e)) {
      // ImGui 1.86 reads key state per frame: the press now, the release after the next frame.
      ImGui_ImplSDL2_ProcessEvent(&enter_event(SDL_KEYDOWN));
      enter_release_pending_ = true;
    } else if (auto* scan = std::get_if<wedge::Scan>(&e)) {
      core_.on_event(event::QrScanned{std::move(scan->text), QrSource::KeyboardWedge}, now());  // zeroes the text
    } else if (const auto* too_long = std::get_if<wedge::ScanTooLong>(&e)) {
      log::warn("barcode", "keyboard-wedge scan of " + std::to_string(too_long->bytes) + " bytes ignored: too long");
    }
  }
}

const SDL_Event& KioskWindow::enter_event(Uint32 type) {
  replayed_ = SDL_Event{};
  replayed_.type = type;
  replayed_.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
  replayed_.key.keysym.scancode = SDL_SCANCODE_RETURN;
  replayed_.key.keysym.sym = SDLK_RETURN;
  return replayed_;
}

milliseconds KioskWindow::wedge_wait() const {
  const auto due = wedge_ ? wedge_->deadline() : std::nullopt;
  if (!due) return milliseconds(60000);
  return std::max(milliseconds(0), *due - milliseconds(SDL_GetTicks()));
}

void KioskWindow::render_frame() {
  if (core_.catalog_generation() != catalog_generation_ && core_.screen() == ScreenId::Attract) {
    // A new catalog may bring characters the atlas lacks: rebuild it between sessions.
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    if (auto rebuilt = load_fonts(); !rebuilt) log::error("ui", rebuilt.error().message);
    ImGui_ImplSDLRenderer_CreateFontsTexture();
    ImGui::GetIO().Fonts->ClearTexData();
  }
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  if (script_) {
    ScriptInput in = script_->input_for_frame();
    io.MousePos = in.mouse_pos.value_or(ImVec2(-FLT_MAX, -FLT_MAX));
    io.MouseDown[0] = in.mouse_down;
    if (in.mouse_down) core_.dispatch(intent::KeepAlive{}, now());
    if (!in.typed.empty()) io.AddInputCharactersUTF8(in.typed.c_str());
  }
  touch_->before_new_frame(io, duration<double>(steady_clock::now() - screen_changed_at_).count());
  ImGui::NewFrame();
  touch_->after_new_frame();
  record_.clear();
  record_.set_input_blocked(touch_->input_blocked());

  const SteadyTime t = now();
  const bool elderly = core_.elderly();
  const FontSet& fonts = elderly ? elderly_fonts_ : fonts_;
  UiContext ctx{core_, t, system_clock::now(), fonts, elderly ? elderly_metrics_ : metrics_, record_, *touch_, ime_.get(), hand_.get(), renderer_};
  ImGui::PushFont(fonts.body);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("screen", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  const bool maintenance = maintenance_ && (maintenance_->watch_gesture(io, t) || maintenance_->showing());
  if (maintenance) maintenance_->draw(ctx);
  else screens_[static_cast<int>(core_.screen())]->draw(ctx);
  ImGui::End();
  if (core_.entry().confirming_cancel() && !maintenance) draw_cancel_overlay(ctx);
  if (core_.hall().cannot_do_open() && !maintenance) draw_cannot_do_overlay(ctx);
  if (auto left = core_.idle_countdown(t); left && !maintenance) draw_idle_overlay(ctx, *left);
  power_.draw_overlay();
  ImGui::PopFont();
  ImGui::Render();

  // Headless, no one sees a frame: the software renderer's rasterizing (most of a scripted run's
  // CPU) is done for the first frame, which start-up is measured to, and for each picture taken.
  const bool shown = !options_.headless || frames_ == 0;
  const auto rasterize = [this] {
    SDL_SetRenderDrawColor(renderer_, 0xF4, 0xF6, 0xF9, 0xFF);
    SDL_RenderClear(renderer_);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  };
  if (shown) rasterize();
  if (script_) {
    script_->after_frame(record_, maintenance ? "maintenance" : screen_name(core_.screen()),
                         [this, shown, &rasterize](const std::filesystem::path& p) {
                           if (!shown) rasterize();
                           return save_screenshot(renderer_, p);
                         });
  }
  if (shown) SDL_RenderPresent(renderer_);
  if (std::exchange(enter_release_pending_, false)) ImGui_ImplSDL2_ProcessEvent(&enter_event(SDL_KEYUP));

  if (frames_++ == 0) {
    // The texture now holds the atlas; ImGui's CPU copy is no longer needed.
    io.Fonts->ClearTexData();
    const auto ms = duration_cast<milliseconds>(steady_clock::now() - options_.process_start).count();
    log::info("ui", "first frame rendered " + std::to_string(ms) + " ms after start");
  }
}

// The keyboard's input methods are opened after the first frame is on screen and READY=1 is sent:
// the handwriting model alone is ~120 ms of start-up, and no screen before a citizen's first
// touch has a keyboard (issue 25). Screens get null input methods until then.
void KioskWindow::open_input_methods() {
  input_methods_opened_ = true;
  const Config& cfg = core_.config();
  auto ime = PinyinIme::open(cfg.pinyin_dict);
  if (ime) ime_ = std::move(*ime);
  else log::warn("ui", ime.error().message + "; the keyboard types letters without pinyin");
  auto hand = HandwritingIme::open(cfg.handwriting_model);
  if (hand) {
    hand_ = std::move(*hand);
    hand_->release();  // checked; opened again at the first stroke
  } else {
    log::warn("ui", hand.error().message + "; the keyboard offers no handwriting");
  }
}

void KioskWindow::enter_fullscreen() {
  fullscreen_pending_ = false;
  if (SDL_SetWindowFullscreen(window_, SDL_WINDOW_FULLSCREEN_DESKTOP) != 0)
    log::warn("ui", std::string("full screen refused; the window stays borderless over the display: ") + SDL_GetError());
}

// The atlas holds only the glyphs the kiosk can show: the strings table, the catalog (rebuilt when
// a new catalog is served) and the GB2312 level-1 characters for free input.
Result<void> KioskWindow::load_fonts() {
  const Config& cfg = core_.config();
  const float s = metrics_.scale;
  auto fonts = build_fonts(cfg.font_file, cfg.font_index, all_strings_text() + core_.catalog().all_text() + cfg.hall_name + hall_texts(cfg),
                           FontSizes{32 * s, 44 * s, 60 * s}, cfg.data_dir / "cache" / "font-atlas.bin");
  if (!fonts) return tl::unexpected(fonts.error());
  fonts_ = *fonts;
  ImGui::GetIO().FontDefault = fonts_.body;
  // Elderly mode: every text one size up (body 44 px at 1080p, ≥ 1.5× of the 32 px standard
  // below the titles), and larger touch targets.
  elderly_fonts_ = FontSet{fonts_.large, fonts_.title, fonts_.title, fonts_.glyphs, fonts_.atlas_width, fonts_.atlas_height,
                           fonts_.build_ms, fonts_.from_cache};
  catalog_generation_ = core_.catalog_generation();
  log::info("ui", "font atlas " + std::to_string(fonts_.atlas_width) + "x" + std::to_string(fonts_.atlas_height) + ", " +
                      std::to_string(fonts_.glyphs) + " glyphs, " + (fonts_.from_cache ? "loaded from the cache" : "built") + " in " +
                      std::to_string(static_cast<int>(fonts_.build_ms)) + " ms");
  return {};
}

void KioskWindow::play_audio() {
  auto clip = core_.entry().take_audio();
  if (!clip || clip->samples.empty()) return;
  if (audio_device_ == 0 || audio_rate_ != clip->sample_rate) {
    if (audio_device_) SDL_CloseAudioDevice(audio_device_);
    audio_device_ = 0;
    if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
      log::warn("voice", std::string("no audio: ") + SDL_GetError());
      return;
    }
    SDL_AudioSpec want{};
    want.freq = clip->sample_rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 2048;
    audio_device_ = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);
    if (audio_device_ == 0) {
      log::warn("voice", std::string("cannot open the audio device: ") + SDL_GetError());
      return;
    }
    audio_rate_ = clip->sample_rate;
    SDL_PauseAudioDevice(audio_device_, 0);
  }
  // A new prompt replaces the one still playing; SDL plays the queue on its own thread.
  SDL_ClearQueuedAudio(audio_device_);
  SDL_QueueAudio(audio_device_, clip->samples.data(), static_cast<Uint32>(clip->samples.size() * sizeof(std::int16_t)));
  log::debug("voice", "playing " + std::to_string(clip->samples.size()) + " samples");
}

int KioskWindow::run() {
  int frames_pending = 2;  // ImGui needs a frame to lay out before it draws right
  SteadyTime wake = core_.next_wake(now(), system_clock::now());
  for (;;) {
    const bool busy = script_ || frames_pending > 0;
    const auto wait = std::min({duration_cast<milliseconds>(wake - now()), watchdog_.wait(), power_.wait(now()), wedge_wait()}).count();
    SDL_Event event;
    int got = busy ? SDL_PollEvent(&event)
                   : SDL_WaitEventTimeout(&event, static_cast<int>(std::clamp<long long>(wait + 1, 1, 60000)));
    while (got) {
      if (!handle_event(event)) {
        watchdog_.stopping();
        return 0;
      }
      // Press and release must each reach ImGui in a frame of their own, then one to show the result.
      frames_pending = std::max(frames_pending, 3);
      got = SDL_PollEvent(&event);
    }
    if (wedge_) {
      auto released = wedge_->flush(milliseconds(SDL_GetTicks()));
      if (!released.empty()) frames_pending = std::max(frames_pending, 3);
      apply_wedge(std::move(released));
    }
    if (core_.update(now())) frames_pending = std::max(frames_pending, 2);
    if (maintenance_ && maintenance_->update(now())) frames_pending = std::max(frames_pending, 2);
    if (power_.update(now(), core_.screen() == ScreenId::Attract)) frames_pending = std::max(frames_pending, 1);
    play_audio();
    if (now() >= wake) frames_pending = std::max(frames_pending, 1);
    if (core_.screen() != last_screen_) {
      screen_changed_at_ = steady_clock::now();
      power_.activity(now());
      if (core_.screen() == ScreenId::Attract) on_session_end();
      last_screen_ = core_.screen();
      frames_pending = std::max(frames_pending, 2);
    }
    if (frames_pending > 0 || script_) {
      render_frame();
      frames_pending = std::max(frames_pending - 1, 0);
      wake = core_.next_wake(now(), system_clock::now());
      if (maintenance_) wake = std::min(wake, maintenance_->next_wake(now()));
    }
    watchdog_.tick(frames_ > 0);  // READY=1 after the first frame, then WATCHDOG=1 while the loop runs
    if (frames_ > 0 && !input_methods_opened_) open_input_methods();
    if (frames_ > 0 && fullscreen_pending_) enter_fullscreen();
    if (script_ && script_->finished()) {
      if (script_->failed()) {
        log::error("script", script_->failure());
        return 1;
      }
      log::info("script", "all steps passed; " + std::to_string(script_->screenshots().size()) + " screenshots in " +
                              options_.screenshot_dir.string());
      return 0;
    }
  }
}

}  // namespace ow::ui
