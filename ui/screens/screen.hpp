#pragma once
// A screen draws one step of the journey from the core's view model and sends intents back.
// It never calls a driver or the store itself.
#include <SDL.h>

#include <memory>

#include "kiosk/app/app_core.hpp"
#include "kiosk/ime/handwriting_ime.hpp"
#include "kiosk/ime/pinyin_ime.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"
#include "ui/touch.hpp"
#include "ui/touch_policy.hpp"

namespace ow::ui {

struct UiContext {
  AppCore& core;
  SteadyTime now;
  WallTime wall;
  const FontSet& fonts;
  const theme::Metrics& m;
  FrameRecord& rec;
  const TouchPolicy& touch;
  PinyinIme* ime;          // null when the pinyin dictionary is missing: letters are typed as they are
  HandwritingIme* hand;    // null when the handwriting model is missing: the keyboard offers pinyin only
  SDL_Renderer* renderer;  // for screens that show live pictures
  float title_band = 0;  // set by draw_header when the title needs a band of its own under the header

  void send(const Intent& intent) { core.dispatch(intent, now); }
  float width() const { return ImGui::GetIO().DisplaySize.x; }
  float height() const { return ImGui::GetIO().DisplaySize.y; }
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual void draw(UiContext& ctx) = 0;
  // Forgets UI-only state (text being typed, scroll); called whenever the session ends.
  virtual void reset() {}
};

std::unique_ptr<Screen> make_attract_screen();
std::unique_ptr<Screen> make_consent_screen();
std::unique_ptr<Screen> make_notice_screen();
std::unique_ptr<Screen> make_home_screen();
std::unique_ptr<Screen> make_form_screen();
std::unique_ptr<Screen> make_materials_screen();
std::unique_ptr<Screen> make_prereview_screen();
std::unique_ptr<Screen> make_submitting_screen();
std::unique_ptr<Screen> make_receipt_screen();
std::unique_ptr<Screen> make_rating_screen();
std::unique_ptr<Screen> make_goodbye_screen();
// 长辈模式 offered to a card holder of 60 or more, before consent.
std::unique_ptr<Screen> make_elderly_offer_screen();
std::unique_ptr<Screen> make_search_screen();
std::unique_ptr<Screen> make_guide_screen();
std::unique_ptr<Screen> make_detail_screen();
std::unique_ptr<Screen> make_progress_screen();
std::unique_ptr<Screen> make_ticket_screen();
std::unique_ptr<Screen> make_help_screen();
// 扫码登录, and what it says when the network is down.
std::unique_ptr<Screen> make_qr_login_screen();
std::unique_ptr<Screen> make_qr_offline_screen();
std::unique_ptr<Screen> make_review_screen();
std::unique_ptr<Screen> make_face_consent_screen();
std::unique_ptr<Screen> make_face_capture_screen();

// The countdown shown over any screen before the idle timeout ends the session.
void draw_idle_overlay(UiContext& ctx, int seconds_left);
// "Cancel this application?" over the current screen, after the first tap on 取消办理.
void draw_cancel_overlay(UiContext& ctx);
// 办不成事: where staff help, over the current screen, after the header's button was tapped.
void draw_cannot_do_overlay(UiContext& ctx);
// The hall's help desk: place, hours and phone, as lines of text at the cursor.
void draw_help_desk(UiContext& ctx);
// A dimmed screen with a centred white panel of `height`; returns the panel's width. Pair with end_modal.
float begin_modal(UiContext& ctx, const char* id, float height);
void end_modal();

// Shared frame of every screen after the attract screen: a header with the title, clock and
// language switch; the body between; a footer with back / cancel.
// kFooterHome ends the session like kFooterCancel but says 返回首页: on screens where nothing is
// being applied for (a notice, a progress query, a queue ticket), 取消办理 would read as undoing
// what was already sent or taken.
enum FooterButtons { kFooterNone = 0, kFooterBack = 1, kFooterCancel = 2, kFooterHome = 4 };
void draw_header(UiContext& ctx, const std::string& title);
// The header's buttons (language, elderly mode, 重听), right-aligned at `right`; returns their left edge.
float draw_header_buttons(UiContext& ctx, float right);
// Opens the scrolling body region; pair with end_body, which draws the footer: back and cancel
// on the left, the screen's primary action (if any) on the right. True when that action was tapped.
void begin_body(UiContext& ctx);
bool end_body(UiContext& ctx, int footer_buttons, const char* primary = nullptr);

}  // namespace ow::ui
