#include "kiosk/app/app_core.hpp"

#include "kiosk/log.hpp"
#include "kiosk/session/screen_flow.hpp"

namespace ow {

namespace {
template <class C, class M>
concept Handles = requires(C& c, M&& m, SteadyTime t) { c.handle(std::forward<M>(m), t); };
}  // namespace

AppCore::AppCore(Config config, catalog::Catalog catalog, std::unique_ptr<store::Store> store, KioskDevices devices,
                 std::unique_ptr<drivers::DeviceManager> manager)
    : ctx_(std::make_unique<AppContext>(std::move(config), std::move(catalog), std::move(store), devices)),
      printing_(*ctx_),
      entry_(*ctx_),
      find_(*ctx_, application_, printing_),
      application_(*ctx_, face_, review_),
      materials_(*ctx_, application_, review_),
      face_(*ctx_, application_, review_),
      review_(*ctx_, application_, face_, receipt_),
      receipt_(*ctx_, application_, review_, printing_),
      rating_(*ctx_, entry_),
      progress_(*ctx_, hall_generation_),
      hall_(*ctx_, printing_, hall_generation_),
      qr_login_(*ctx_, entry_),
      catalog_updates_(*ctx_, [this] { find_.build_search_index(); }),
      device_manager_(std::move(manager)) {
  find_.build_search_index();
  entry_.on_screen(ctx_->screen());
}

AppCore::~AppCore() {
  // Nothing may reach a controller once they start to go: first the drivers' threads, then the
  // platform link, then the workers (which finish their queued jobs).
  device_manager_.reset();
  ctx_->set_sync(nullptr);
  ctx_->stop_workers();
}

template <class M>
bool AppCore::deliver_to_owner(M&& message, SteadyTime now) {
  auto give = [&](auto& controller) {
    if constexpr (Handles<decltype(controller), M>) {
      controller.handle(std::forward<M>(message), now);
      return true;
    } else {
      return false;
    }
  };
  switch (screen_rule(screen()).owner) {
    case Feature::Session: return give(entry_);
    case Feature::Find: return give(find_);
    case Feature::Application: return give(application_);
    case Feature::Materials: return give(materials_);
    case Feature::Face: return give(face_);
    case Feature::Review: return give(review_);
    case Feature::Receipt: return give(receipt_);
    case Feature::Rating: return give(rating_);
    case Feature::Progress: return give(progress_);
    case Feature::Hall: return give(hall_);
    case Feature::QrLogin: return give(qr_login_);
  }
  return false;
}

template <class M>
void AppCore::route(M&& m, SteadyTime now) {
  if (deliver_to_owner(std::forward<M>(m), now)) return;
  // The feature that declares the type; where several handle it, the session's general meaning
  // (Back, Next, Finish, a card) comes first.
  if constexpr (Handles<SessionController, M>) entry_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<FindController, M>) find_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<ApplicationController, M>) application_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<MaterialsController, M>) materials_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<FaceController, M>) face_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<ReviewController, M>) review_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<ReceiptController, M>) receipt_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<RatingController, M>) rating_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<QrLoginController, M>) qr_login_.handle(std::forward<M>(m), now);
  else if constexpr (Handles<HallController, M>) hall_.handle(std::forward<M>(m), now);
  else {
    // The last feature to ask: a type it does not handle either has no feature and does not compile.
    static_assert(Handles<ProgressController, M>, "no feature handles this intent or event");
    progress_.handle(std::forward<M>(m), now);
  }
}

void AppCore::dispatch(const Intent& intent, SteadyTime now) {
  ctx_->session().activity(now);
  std::visit([&](const auto& i) { route(i, now); }, intent);
}

void AppCore::on_event(Event event, SteadyTime now) {
  // A card read just before maintenance began (or a social security card, which is not polled)
  // is dropped: no citizen session starts under the technician's screens.
  const bool card = std::holds_alternative<event::CardRead>(event) || std::holds_alternative<event::CardUnsupported>(event);
  if (ctx_->maintenance() && card) {
    log::info("session", "card ignored: maintenance mode");
    return;
  }
  ctx_->session().activity(now);
  std::visit([&](auto& e) { route(std::move(e), now); }, event);
}

void AppCore::post_event(Event event) {
  post([this, e = std::move(event)]() mutable { on_event(std::move(e), ctx_->update_time()); });
}

bool AppCore::update(SteadyTime now) {
  ctx_->set_update_time(now);
  auto done = ctx_->take_posted();
  for (auto& fn : done) fn();
  bool changed = !done.empty();
  if (entry_.update(now)) changed = true;
  if (application_.update(now)) changed = true;
  if (auto prompt = face_.take_changed_prompt()) entry_.say(std::move(*prompt));
  Session& session = ctx_->session();
  if (session.idle_expired(now)) {
    log::info("session", "idle timeout on screen " + std::string(screen_name(screen())) + "; session wiped");
    session.end();
    changed = true;
  }
  if (screen() != shown_) {
    on_screen_change();
    changed = true;
  }
  if (catalog_updates_.update()) changed = true;
  return changed;
}

void AppCore::on_screen_change() {
  shown_ = screen();
  materials_.on_screen(shown_);
  face_.on_screen(shown_);
  progress_.on_screen(shown_);
  qr_login_.on_screen(shown_);
  entry_.on_screen(shown_);
}

SteadyTime AppCore::next_wake(SteadyTime now, WallTime wall) const {
  using namespace std::chrono;
  const Session& session = ctx_->session();
  if (session.countdown_left(now)) return now + milliseconds(1000) - duration_cast<milliseconds>(now.time_since_epoch()) % 1000;
  // Live camera pictures: the QR scans' and the face camera's.
  if (progress_.previewing() || qr_login_.previewing() || face_.previewing())
    return std::min(now + milliseconds(66), session.countdown_start());
  if (session.timeout_applies()) return session.countdown_start();
  if (auto until = entry_.goodbye_until()) return *until;
  if (materials_.previewing()) return now + milliseconds(66);  // the document camera's live picture
  // The attract clock shows minutes: wake when the minute changes.
  const auto into_minute = duration_cast<milliseconds>(wall.time_since_epoch()) % 60000;
  return now + (milliseconds(60000) - into_minute);
}

void AppCore::set_heartbeat_devices(std::function<nlohmann::json()> provider) {
  std::lock_guard lock(heartbeat_mutex_);
  heartbeat_devices_ = std::move(provider);
}

nlohmann::json AppCore::heartbeat_devices() {
  std::lock_guard lock(heartbeat_mutex_);
  return heartbeat_devices_ ? heartbeat_devices_() : nlohmann::json::object();
}

}  // namespace ow
