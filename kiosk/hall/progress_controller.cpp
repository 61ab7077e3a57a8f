#include "kiosk/hall/progress_controller.hpp"

#include "kiosk/capture/qr_payload.hpp"
#include "kiosk/log.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/text_util.hpp"
#include "offline_store/receipt_number.hpp"

namespace ow {

namespace {
std::string source_name(ProgressSource s) {
  switch (s) {
    case ProgressSource::Platform: return "the platform";
    case ProgressSource::LocalOffline: return "the local store (platform not reached)";
    case ProgressSource::LocalNotSynced: return "the local store (not yet on the platform)";
    case ProgressSource::LocalOnly: return "the local store (no platform configured)";
  }
  return "?";
}

// The host of the configured progress-query address: its QR codes are receipts.
std::vector<std::string> receipt_hosts(const std::string& query_url) {
  const auto scheme = query_url.find("://");
  if (scheme == std::string::npos) return {};
  const std::string rest = query_url.substr(scheme + 3);
  const std::string host = rest.substr(0, rest.find_first_of(":/?#"));
  if (host.empty()) return {};
  return {host};
}
}  // namespace

ProgressController::ProgressController(AppContext& ctx, std::uint64_t& hall_generation)
    : ctx_(ctx), generation_(hall_generation) {}

void ProgressController::handle(const intent::Back&, SteadyTime) {
  if (!ctx_.on(ScreenId::Progress)) return;
  auto& q = ctx_.data().progress;
  qr_.close();
  switch (q.mode) {
    case ProgressMode::Choose: ctx_.session().end(); return;
    case ProgressMode::Verify:  // back to the number, as typed
      q.mode = ProgressMode::Keypad;
      q.id_tail.clear();
      q.typed_error.reset();
      return;
    case ProgressMode::Result:
    case ProgressMode::NotFound:
    case ProgressMode::Busy:
      if (q.from_list) {
        q.mode = ProgressMode::CardList;
        q.result.reset();
        q.from_list = false;
        q.generation = 0;
        return;
      }
      [[fallthrough]];
    default: q = ProgressQuery{};  // generation 0: an answer still on its way is dropped
  }
}

void ProgressController::handle(event::CardRead&& e, SteadyTime) {
  if (idle() && !e.identity.id_number.empty()) lookup_card(e.identity);
}

void ProgressController::handle(const intent::ProgressScan&, SteadyTime) {
  if (!ctx_.on(ScreenId::Progress) || !idle()) return;
  auto& q = ctx_.data().progress;
  q = ProgressQuery{};
  q.mode = ProgressMode::Scan;
  start_scan();
}

void ProgressController::handle(const intent::ProgressKeypad&, SteadyTime) {
  if (!ctx_.on(ScreenId::Progress) || !idle()) return;
  qr_.close();
  auto& q = ctx_.data().progress;
  q = ProgressQuery{};
  q.mode = ProgressMode::Keypad;
}

void ProgressController::handle(const intent::ProgressKeyboard& i, SteadyTime) {
  auto& q = ctx_.data().progress;
  if (!ctx_.on(ScreenId::Progress) || q.mode != ProgressMode::Keypad) return;
  q.full_keyboard = i.full;
  q.typed.clear();
  q.typed_error.reset();
}

void ProgressController::handle(const intent::ProgressType& i, SteadyTime) {
  auto& q = ctx_.data().progress;
  if (!ctx_.on(ScreenId::Progress)) return;
  if (q.mode == ProgressMode::Verify) return set_id_tail(i.text.view());
  if (q.mode != ProgressMode::Keypad) return;
  q.typed.clear();
  // Only what a receipt number can hold: on the number pad the 受理编号's digits; on the full
  // keyboard letters as capitals, whatever case was typed, and dashes.
  for (char c : i.text.view().substr(0, 40)) {
    if (c >= '0' && c <= '9') q.typed += c;
    else if (!q.full_keyboard) continue;
    else if (c >= 'a' && c <= 'z') q.typed += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || c == '-') q.typed += c;
  }
  if (!q.full_keyboard && q.typed.size() > store::kReceiptDigits) q.typed.resize(store::kReceiptDigits);
  q.typed_error.reset();
}

void ProgressController::set_id_tail(std::string_view typed) {
  auto& q = ctx_.data().progress;
  // Digits, and X (the check character) in the last place only.
  SecretString tail;
  for (char c : typed) {
    if (tail.size() == 4) break;
    if (c >= '0' && c <= '9') tail += c;
    else if ((c == 'X' || c == 'x') && tail.size() == 3) tail += 'X';
  }
  q.id_tail = std::move(tail);
  q.typed_error.reset();
}

void ProgressController::handle(const intent::ProgressSearch&, SteadyTime now) {
  auto& q = ctx_.data().progress;
  if (!ctx_.on(ScreenId::Progress)) return;
  if (q.mode == ProgressMode::Verify) {
    if (limiter_.wait_s(now) > 0) return;  // the screen shows the wait
    if (q.id_tail.size() != 4) q.typed_error = Str::ProgressTailIncomplete;
    else lookup_receipt(q.asked, q.id_tail.clone());
    return;
  }
  if (q.mode != ProgressMode::Keypad) return;
  // A 受理编号 must pass its check digit; the full keyboard also takes the platform's number and
  // older local ones, which have none.
  const auto check = store::check_receipt_number(q.typed);
  if (check == store::ReceiptNumberCheck::Wrong || (check == store::ReceiptNumberCheck::NotShort && !q.full_keyboard))
    q.typed_error = Str::ProgressNumberWrong;
  else if (!capture::is_receipt_number(q.typed))
    q.typed_error = Str::ProgressNumberInvalid;
  else
    ask_holder(q.typed, now);
}

void ProgressController::ask_holder(const std::string& receipt_no, SteadyTime now) {
  auto& q = ctx_.data().progress;
  if (limiter_.wait_s(now) > 0) {
    q.asked = receipt_no;
    q.mode = ProgressMode::Verify;
    return;
  }
  if (const auto& card = ctx_.data().identity; card && !card->id_number.empty())
    return lookup_receipt(receipt_no, card->id_number.clone());
  q.asked = receipt_no;
  q.id_tail.clear();
  q.typed_error.reset();
  q.mode = ProgressMode::Verify;
}

void ProgressController::handle(event::QrScanned&& e, SteadyTime now) {
  auto& q = ctx_.data().progress;
  if (q.mode != ProgressMode::Scan) return;
  capture::QrPolicy policy;
  policy.receipt_hosts = receipt_hosts(ctx_.config().printer.query_url);
  auto payload = capture::classify_qr(e.payload.view(), capture::QrExpect::Receipt, policy);
  if (!payload || payload->kind != capture::QrKind::ReceiptNumber ||
      store::check_receipt_number(payload->value.view()) == store::ReceiptNumberCheck::Wrong) {
    q.scan_rejected = true;
    return;
  }
  qr_.close();
  // A QR code is as easy to make as a number is to type: the holder is asked the same way.
  ask_holder(payload->value.str(), now);  // a receipt number, not personal
}

void ProgressController::handle(const intent::ProgressPick& i, SteadyTime) {
  auto& q = ctx_.data().progress;
  if (!ctx_.on(ScreenId::Progress) || q.mode != ProgressMode::CardList || i.index >= q.list.size()) return;
  q.from_list = true;
  // Listed for the card on the reader: the lookup carries that card's number (kept by the list).
  lookup_receipt(q.list[i.index].receipt_no, q.card_id_number.clone());
}

void ProgressController::on_screen(ScreenId screen) {
  if (screen != ScreenId::Progress) qr_.close();
}

void ProgressController::ensure_lookup() {
  if (lookup_) return;
  store::PlatformEndpoint endpoint = sync_config(ctx_.config()).platform;
  // A citizen waits in front of the screen: the platform gets a few seconds, then the local record shows.
  endpoint.request_timeout = std::chrono::seconds(ctx_.config().progress.timeout_s);
  endpoint.connect_timeout = std::min(endpoint.connect_timeout, std::chrono::milliseconds(endpoint.request_timeout));
  lookup_ = std::make_unique<ProgressLookup>(store_options(ctx_.config()), std::move(endpoint));
}

void ProgressController::lookup_receipt(const std::string& receipt_no, SecretString holder) {
  auto& q = ctx_.data().progress;
  q.asked = receipt_no;
  q.mode = ProgressMode::Busy;
  q.result.reset();
  q.id_tail.clear();
  q.generation = ++generation_;
  ctx_.query_worker().post([this, receipt_no, holder = std::move(holder), gen = q.generation] {
    ensure_lookup();
    ProgressOutcome out = lookup_->by_receipt(receipt_no, holder.view());
    log::info("progress", out.record ? "found, answered by " + source_name(out.source)
                                     : std::string("no submission of this holder under that number"));
    ctx_.post([this, out = std::move(out), gen] {
      // Counted even when the citizen has moved on: a guess is a guess.
      if (out.record) limiter_.matched();
      else limiter_.failed(ctx_.update_time());
      auto& pq = ctx_.data().progress;
      if (!ctx_.on(ScreenId::Progress) || pq.generation != gen) return;
      pq.source = out.source;
      pq.result = out.record;
      pq.mode = out.record ? ProgressMode::Result : ProgressMode::NotFound;
    });
  });
}

void ProgressController::lookup_card(const Identity& identity) {
  auto& q = ctx_.data().progress;
  qr_.close();
  q = ProgressQuery{};
  q.masked_id = mask_id_number(identity.id_number.view());
  q.card_id_number = identity.id_number.clone();
  q.mode = ProgressMode::Busy;
  q.generation = ++generation_;
  ctx_.query_worker().post([this, id_number = identity.id_number.clone(), gen = q.generation]() mutable {
    ensure_lookup();
    auto list = lookup_->by_id_number(id_number.view());
    log::info("progress", "card query: " + std::to_string(list.size()) + " submissions on this kiosk");
    ctx_.post([this, list = std::move(list), gen] {
      auto& pq = ctx_.data().progress;
      if (!ctx_.on(ScreenId::Progress) || pq.generation != gen) return;
      pq.list = list;
      pq.mode = ProgressMode::CardList;
    });
  });
}

void ProgressController::start_scan() {
  auto& q = ctx_.data().progress;
  qr_.close();
  const DocCameraConfig& camera = ctx_.config().document_camera;
  if (camera.source.empty()) {
    q.camera_failed = true;
    return;
  }
  // From the reader's thread: the payloads are taken on the UI thread.
  if (auto opened = qr_.open(camera.source, camera, [this] { ctx_.post([this] { take_payloads(); }); }); !opened) {
    log::warn("progress", "camera for the receipt QR: " + opened.error().message);
    q.camera_failed = true;
  }
}

void ProgressController::take_payloads() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& payload : qr_.take_payloads()) {
    ctx_.session().activity(now);  // a code held up to the camera: the citizen is there
    event::QrScanned scanned{std::move(payload), QrSource::Camera};  // zeroes the reader's string
    if (qr_.scanning() && ctx_.on(ScreenId::Progress)) handle(std::move(scanned), now);
  }
}

ProgressView ProgressController::progress_view() const {
  const auto& q = ctx_.data().progress;
  ProgressView v;
  v.mode = q.mode;
  v.typed = q.typed;
  v.typed_text = q.full_keyboard ? q.typed : store::group_digits(q.typed);
  v.full_keyboard = q.full_keyboard;
  v.typed_error = q.typed_error;
  v.wait_s = limiter_.wait_s(ctx_.update_time());
  if (q.mode == ProgressMode::Verify) {
    // Each character typed but the last shows as a star: the screen is in a public hall.
    v.id_tail = q.id_tail.clone();
    v.typed_text.clear();
    for (std::size_t i = 0; i < q.id_tail.size(); ++i) v.typed_text += i + 1 == q.id_tail.size() ? q.id_tail[i] : '*';
  }
  v.scan_rejected = q.scan_rejected;
  v.camera_failed = q.camera_failed;
  v.asked = store::group_receipt_number(q.asked);
  v.masked_id = q.masked_id;
  v.source = q.source;
  auto matter_name = [this](const std::string& code) {
    const catalog::Matter* m = code.empty() ? nullptr : ctx_.catalog().find(code);
    return m ? m->name : code;
  };
  for (const auto& r : q.list)
    v.list.push_back({store::group_receipt_number(r.receipt_no), matter_name(r.matter_code), r.created, progress_step_text(r.status)});
  v.result = q.result;
  if (q.result) {
    v.result_receipt_no = store::group_receipt_number(q.result->receipt_no);
    v.result_matter = matter_name(q.result->matter_code);
  }
  if (qr_.scanning()) {
    v.preview = qr_.preview();
    if (!qr_.camera_online()) v.camera_failed = true;
  }
  return v;
}

}  // namespace ow
