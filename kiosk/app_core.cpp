#include "kiosk/app_core.hpp"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "kiosk/catalog/installer.hpp"
#include "kiosk/form_check.hpp"
#include "kiosk/log.hpp"
#include "kiosk/sync_setup.hpp"
#include "kiosk/text_util.hpp"

namespace ow {

namespace {
template <class... Ts>
struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;
}  // namespace

Result<std::unique_ptr<AppCore>> AppCore::create(Config config) {
  auto catalog = catalog::load_active_catalog(config.data_dir / "catalog", config.catalog_file);
  if (!catalog) return tl::unexpected(catalog.error());
  log::info("catalog", "version " + catalog->version + ", " + std::to_string(catalog->matters.size()) + " matters");
  auto store = store::Store::open(config.data_dir);
  if (!store) return fail("offline store: " + store.error().message);
  set_language(config.language);
  std::unique_ptr<AppCore> core(new AppCore(std::move(config), std::move(*catalog), std::move(*store)));
  if (core->config_.voice) {
    auto voice = Voice::create(core->config_.language == Language::English ? "en" : "cmn");
    if (voice) core->voice_ = std::move(*voice);
    else log::warn("voice", voice.error().message + "; elderly mode runs without voice");
  }
  core->start_reader();
  core->start_printer();
  core->start_sscard_reader();
  core->start_barcode_scanner();
  core->start_installer();
  core->start_sync();
  core->build_search_index();
  return core;
}

AppCore::AppCore(Config config, catalog::Catalog catalog, std::unique_ptr<store::Store> store)
    : config_(std::move(config)),
      catalog_(std::move(catalog)),
      store_(std::move(store)),
      session_(IdlePolicy{std::chrono::seconds(config_.idle_timeout_s), std::chrono::seconds(config_.idle_countdown_s)}),
      disk_guard_(config_.data_dir, config_.maintenance.min_free_disk_mb * 1024 * 1024) {}

AppCore::~AppCore() {
  if (reader_) reader_->stop();
  if (sscard_) sscard_->stop();
  if (barcode_) barcode_->stop();
}

namespace {
drivers::TransportConfig transport_for(const IdCardConfig& c) {
  drivers::TransportConfig t;
  t.kind = c.transport == "usb_bulk" ? drivers::TransportKind::UsbBulk
           : c.transport == "usb_hid" ? drivers::TransportKind::UsbHid
                                      : drivers::TransportKind::Serial;
  t.port = c.port;
  t.baud = c.baud;
  t.usb_vendor = static_cast<std::uint16_t>(c.usb_vendor);
  t.usb_product = static_cast<std::uint16_t>(c.usb_product);
  return t;
}

}  // namespace

void AppCore::start_reader() {
  if (!config_.idcard.enabled()) return;
  drivers::idcard::ReaderConfig rc;
  rc.transport = transport_for(config_.idcard);
  drivers::idcard::ReaderEvents ev;
  // Callbacks run on the reader's thread: they only hand work to the UI thread.
  ev.card_read = [this](drivers::idcard::CardData card) {
    Identity id = identity_from_card(card);
    complete([id = std::move(id)](AppCore& core) mutable {
      core.dispatch(intent::CardRead{std::move(id)}, std::chrono::steady_clock::now());
    });
  };
  ev.error = [this](const drivers::DeviceError& e) {
    log::warn("idcard", e.message);
    const bool unsupported = e.code == drivers::DeviceErrorCode::Unsupported;
    const bool card_problem = unsupported || e.code == drivers::DeviceErrorCode::DeviceStatus ||
                              e.code == drivers::DeviceErrorCode::BadFrame;
    if (!card_problem) return;
    complete([unsupported](AppCore& core) {
      const auto now = std::chrono::steady_clock::now();
      if (unsupported) core.dispatch(intent::CardUnsupported{}, now);
      else core.card_hint_until_ = now + std::chrono::seconds(8);
    });
  };
  ev.status_changed = [this](const drivers::idcard::ReaderStatus& s) {
    {
      std::lock_guard lock(reader_status_mutex_);
      reader_status_ = s;
    }
    log::info("idcard", "reader " + std::string(drivers::to_string(s.state)) + (s.sam_ok ? ", SAM ok" : "") +
                            (s.card_present ? ", card present" : ""));
    complete([](AppCore&) {});
  };
  reader_ = std::make_unique<drivers::idcard::Reader>(rc, std::move(ev));
  reader_->start();
  reader_->set_wanted(true);
}

void AppCore::start_sscard_reader() {
  if (!config_.sscard.enabled) return;
  drivers::smartcard::PcscConfig pc;
  pc.reader_filter = config_.sscard.reader_filter;
  // Runs on the PC/SC worker: hand everything to the UI thread.
  sscard_ = std::make_unique<drivers::smartcard::PcscReader>(pc, [this](const drivers::smartcard::SmartcardEvent& e) {
    if (const auto* read = std::get_if<drivers::smartcard::CardReadEvent>(&e)) {
      Identity id = identity_from_sscard(read->card, read->expired);
      complete([id = std::move(id)](AppCore& core) mutable {
        core.dispatch(intent::CardRead{std::move(id)}, std::chrono::steady_clock::now());
      });
    } else if (const auto* rejected = std::get_if<drivers::smartcard::CardRejectedEvent>(&e)) {
      log::warn("sscard", rejected->error.message);
      const bool foreign = rejected->error.failure == drivers::smartcard::ReadFailure::NotSocialSecurityCard;
      complete([foreign](AppCore& core) {
        const auto now = std::chrono::steady_clock::now();
        if (foreign) core.dispatch(intent::CardUnsupported{}, now);
        else core.card_hint_until_ = now + std::chrono::seconds(8);
      });
    } else if (const auto* status = std::get_if<drivers::smartcard::StatusChangedEvent>(&e)) {
      log::info("sscard", "reader " + std::string(drivers::to_string(status->state)) + ": " + status->message);
    }
  });
  sscard_->start();
}

drivers::idcard::ReaderStatus AppCore::reader_status() const {
  std::lock_guard lock(reader_status_mutex_);
  return reader_status_;
}

IdlePolicy AppCore::idle_policy() const {
  // Elderly mode gives twice the time before the countdown, and a longer countdown.
  const int factor = elderly_ ? 2 : 1;
  return IdlePolicy{std::chrono::seconds(config_.idle_timeout_s * factor), std::chrono::seconds(config_.idle_countdown_s * factor)};
}

std::optional<VoiceClip> AppCore::take_audio() {
  std::optional<VoiceClip> clip;
  clip.swap(audio_);
  return clip;
}

void AppCore::speak_prompt() {
  if (!voice_ || !elderly_) return;
  static constexpr Str kPrompts[kScreenCount] = {
      Str::VoiceAttract,    Str::VoiceConsent, Str::VoiceNotice,  Str::VoiceMatters, Str::VoiceForm,
      Str::VoiceMaterials, Str::VoicePrereview, Str::VoiceSubmitting, Str::VoiceReceipt, Str::VoiceRating, Str::VoiceGoodbye,
      Str::VoiceSearch,    Str::VoiceGuide,   Str::VoiceDetail,
      Str::VoiceProgress, Str::VoiceTicket, Str::VoiceHelp, Str::VoiceQrLogin, Str::VoiceQrOffline,
      Str::VoiceReview,    Str::VoiceFaceConsent, Str::VoiceFaceCapture};
  // A notice that offers no typing is read out itself: the usual prompt would suggest typing on.
  const Notice& notice = session_.data().notice;
  const Str prompt = screen() == ScreenId::Notice && !notice.offer_manual ? notice.body : kPrompts[static_cast<int>(screen())];
  voice_->speak(tr(prompt), [this](VoiceClip clip) {
    complete([clip = std::move(clip)](AppCore& core) mutable { core.audio_ = std::move(clip); });
  });
}

void AppCore::on_screen_change(SteadyTime) {
  shown_ = screen();
  if (screen() != ScreenId::Materials) stop_capture(false);
  if (screen() != ScreenId::FaceCapture) stop_face_capture();
  if (screen() != ScreenId::Progress && screen() != ScreenId::QrLogin) stop_qr_scan();
  if (screen() == ScreenId::QrLogin) start_qr_camera();
  update_card_polling();
  if (screen() == ScreenId::Attract && elderly_) {
    // The mode belongs to the session that chose it; the next citizen starts in standard mode.
    elderly_ = false;
    session_.set_policy(idle_policy());
  }
  speak_prompt();
}

void AppCore::update_card_polling() {
  // A card is wanted only where it could start or identify a session, or find its submissions,
  // and never under the maintenance screens.
  const bool wants_card = !maintenance_ && (screen() == ScreenId::Attract || screen() == ScreenId::Progress ||
                                            screen() == ScreenId::QrLogin || screen() == ScreenId::QrOffline);
  if (reader_) reader_->set_wanted(wants_card);
}

void AppCore::set_maintenance(bool showing) {
  if (maintenance_ == showing) return;
  maintenance_ = showing;
  update_card_polling();
}

void AppCore::dispatch(const Intent& intent, SteadyTime now) {
  // A card read just before maintenance began (or a social security card, which is not polled)
  // is dropped: no citizen session starts under the technician's screens.
  if (maintenance_ && (std::holds_alternative<intent::CardRead>(intent) || std::holds_alternative<intent::CardUnsupported>(intent))) {
    log::info("session", "card ignored: maintenance mode");
    return;
  }
  session_.activity(now);
  if (dispatch_hall(intent, now)) return;
  std::visit(overloaded{
                 [&](const intent::Start&) {
                   if (screen() == ScreenId::Attract && !refuse_if_disk_full(now)) session_.go(ScreenId::Consent, now);
                 },
                 [&](const intent::CardRead& i) { start_with_card(i.identity.clone(), now); },
                 [&](const intent::CardUnsupported&) {
                   if (screen() != ScreenId::Attract) return;
                   session_.data().notice = Notice{Str::CardUnsupportedTitle, Str::CardUnsupportedBody, true};
                   session_.go(ScreenId::Notice, now);
                 },
                 [&](const intent::Agree&) {
                   if (screen() == ScreenId::Consent) session_.go(ScreenId::Home, now);
                 },
                 [&](const intent::ContinueManual&) {
                   if (screen() != ScreenId::Notice || !session_.data().notice.offer_manual) return;
                   session_.data().identity.reset();
                   session_.go(ScreenId::Consent, now);
                 },
                 [&](const intent::SetField& i) {
                   const catalog::Matter* m = current_matter();
                   if (!m || screen() != ScreenId::Form) return;
                   for (const auto& f : m->fields) {
                     if (f.key != i.key || session_.data().card_fields.count(f.key)) continue;
                     auto& d = session_.data();
                     wipe(d.form[f.key]);
                     d.form[f.key] = i.value;
                     d.touched_fields.insert(f.key);
                     d.platform_fields.erase(f.key);
                     // Errors already shown follow the value as it is corrected; a complete value
                     // that is wrong (phone, ID number, credit code, date) is told as soon as it is typed.
                     auto err = d.field_errors.count(f.key) ? check_field(f, i.value) : check_typing(f, i.value);
                     if (err) d.field_errors[f.key] = *err;
                     else d.field_errors.erase(f.key);
                   }
                 },
                 [&](const intent::Submit&) {
                   if (screen() == ScreenId::Review && session_.data().prereview && session_.data().prereview->passed &&
                       ready_to_submit())
                     submit(now);
                 },
                 [&](const intent::Next&) {
                   if (screen() == ScreenId::Prereview && session_.data().prereview && session_.data().prereview->passed)
                     session_.go(ScreenId::Review, now);
                   else go_next(now);
                 },
                 [&](const intent::Reprint&) {
                   if (screen() == ScreenId::Receipt) reprint_receipt();
                 },
                 [&](const auto& other) {
                   dispatch_materials(Intent(other), now);
                   dispatch_rating(Intent(other), now);
                   dispatch_qr_login(Intent(other), now);
                   dispatch_review(Intent(other), now);
                   dispatch_find(Intent(other), now);
                   dispatch_face(Intent(other), now);
                 },
                 [&](const intent::Back&) {
                   if (screen() == ScreenId::Review) session_.go(ScreenId::Prereview, now);
                   else if (screen() == ScreenId::FaceCapture) face_back(now);
                   else if (screen() == ScreenId::FaceConsent)
                     session_.go(session_.data().detail_code.empty() ? ScreenId::Home : ScreenId::Detail, now);
                   else if (screen() == ScreenId::Prereview) {
                     const catalog::Matter* m = current_matter();
                     session_.go(m && !m->materials.empty() ? ScreenId::Materials : ScreenId::Form, now);
                   } else if (screen() == ScreenId::Materials) {
                     stop_capture(false);
                     session_.go(ScreenId::Form, now);
                   } else if (screen() == ScreenId::Form) {
                     session_.go(session_.data().detail_code.empty() ? ScreenId::Home : ScreenId::Detail, now);
                   } else if (back_find(now)) {
                   } else if (screen() == ScreenId::Consent || screen() == ScreenId::Notice || screen() == ScreenId::QrLogin ||
                              screen() == ScreenId::QrOffline) {
                     session_.end();
                   }
                 },
                 [&](const intent::Cancel&) {
                   // Nothing to lose yet on the first screens; after that, ask once.
                   if (screen() == ScreenId::Consent || screen() == ScreenId::Notice || screen() == ScreenId::QrLogin ||
                       screen() == ScreenId::QrOffline)
                     session_.end();
                   else if (screen() != ScreenId::Submitting && screen() != ScreenId::Attract)
                     session_.data().confirm_cancel = true;
                 },
                 [&](const intent::CancelConfirmed&) {
                   if (session_.data().confirm_cancel) session_.end();
                 },
                 [&](const intent::CancelDismissed&) { session_.data().confirm_cancel = false; },
                 [&](const intent::Finish&) {
                   if (screen() == ScreenId::Receipt) session_.go(ScreenId::Evaluation, now);
                   else if (screen() == ScreenId::Goodbye) session_.end();
                 },
                 [&](const intent::KeepAlive&) {},
                 [&](const intent::ToggleLanguage&) {
                   set_language(language() == Language::Chinese ? Language::English : Language::Chinese);
                 },
                 [&](const intent::ToggleElderly&) {
                   elderly_ = !elderly_;
                   session_.set_policy(idle_policy());
                   speak_prompt();
                 },
                 [&](const intent::Replay&) { speak_prompt(); },
             },
             intent);
}

void AppCore::submit(SteadyTime now) {
  const catalog::Matter* m = current_matter();
  if (!m) return;
  auto& d = session_.data();
  if (!check_form(*m)) {
    session_.go(ScreenId::Form, now);
    return;
  }
  if (refuse_if_disk_full(now)) return;

  nlohmann::json form = nlohmann::json::object();
  for (const auto& f : m->fields)
    if (f.type != catalog::FieldType::Signature) form[f.key] = d.form[f.key];  // the signature goes as its blob
  store::SubmissionDraft draft;
  draft.id = new_uuid();
  draft.kiosk_id = config_.kiosk_id;
  draft.created_at = rfc3339_local(std::chrono::system_clock::now());
  draft.matter_code = m->code;
  draft.is_bundle = !d.bundle_code.empty();
  draft.catalog_version = catalog_.version;
  draft.form_json = form.dump();
  for (const auto& [code, mc] : d.materials) {
    for (const auto& page : mc.pages)
      draft.materials.push_back(store::Attachment{code, std::string(page.jpeg.begin(), page.jpeg.end())});
    // An electronic licence replaces the paper: the platform fetches it by type from the licence library.
    const catalog::Material* mat = m->material(code);
    if (mc.licence && mc.pages.empty() && mat && !mat->licence_type.empty()) draft.licences[code] = mat->licence_type;
  }
  // The applicant's photo goes as one more attachment, encrypted at rest like every blob.
  if (!d.face_photo.jpeg.jpeg.empty())
    draft.materials.push_back(store::Attachment{kFacePhotoMaterial, std::string(d.face_photo.jpeg.jpeg.begin(), d.face_photo.jpeg.jpeg.end())});
  if (d.prereview) {
    nlohmann::json pr{{"passed", d.prereview->passed}, {"instant_approval", d.prereview->instant_approval},
                      {"deferred_materials", d.prereview->deferred_materials}};
    draft.prereview_json = pr.dump();
  }
  if (d.identity) {
    const Identity& id = *d.identity;
    draft.applicant_json = nlohmann::json{{"name", id.name.str()},           {"id_number", id.id_number.str()}, {"sex", id.sex.str()},
                                          {"birth_date", id.birth_date.str()}, {"address", id.address.str()}}
                               .dump();
    draft.id_number = id.id_number.str();
  }
  draft.signature_png = d.signature_png;
  draft.delivery_json = delivery_json();
  d.submission_id = draft.id;
  session_.go(ScreenId::Submitting, now);
  worker_.post([this, draft = std::move(draft)]() mutable {
    auto committed = store_->commit(draft);
    for (std::string* s : {&draft.form_json, &draft.applicant_json, &draft.id_number, &draft.signature_png, &draft.delivery_json})
      wipe(*s);
    for (auto& a : draft.materials) wipe(a.bytes);
    if (committed && sync_) sync_->notify();
    complete([committed = std::move(committed)](AppCore& core) {
      auto& data = core.session_.data();
      if (core.screen() != ScreenId::Submitting) return;
      const auto when = std::chrono::steady_clock::now();
      if (committed) {
        data.receipt_no = committed->local_receipt_no;
        log::info("submit", "committed submission " + committed->submission_id);
        core.session_.go(ScreenId::Receipt, when);
        core.print_receipt();
      } else if (committed.error().code == store::StoreErrorCode::Uncertain) {
        core.show_uncertain_commit(data.submission_id, committed.error().message, when);
      } else {
        log::error("submit", "commit failed: " + committed.error().message);
        data.submit_failed = true;
        core.session_.go(ScreenId::Form, when);
      }
    });
  });
}

bool AppCore::refuse_if_disk_full(SteadyTime now) {
  if (disk_guard_.accepting(now)) return false;
  session_.data().notice = Notice{Str::DiskFullTitle, Str::DiskFullBody, false};
  session_.go(ScreenId::Notice, now);
  return true;
}

void AppCore::start_with_card(Identity identity, SteadyTime now) {
  // A card placed mid-session is ignored: the session it would start is not this one. On the QR
  // login screens the card is the other way in.
  if (screen() != ScreenId::Attract && screen() != ScreenId::QrLogin && screen() != ScreenId::QrOffline) {
    return;
  }
  if (refuse_if_disk_full(now)) {
    return;
  }
  auto& d = session_.data();
  if (identity.expired) {
    const bool sscard = identity.source == IdentitySource::SocialSecurityCard;
    d.notice = sscard ? Notice{Str::SsCardExpiredTitle, Str::SsCardExpiredBody, true}
                      : Notice{Str::CardExpiredTitle, Str::CardExpiredBody, true};
    session_.go(ScreenId::Notice, now);
    return;
  }
  d.identity = std::move(identity);
  log::info("session", d.identity->source == IdentitySource::SocialSecurityCard ? "started by a social security card"
                                                                                 : "started by an ID card");
  session_.go(ScreenId::Consent, now);
}

void AppCore::go_goodbye(SteadyTime now) {
  // The goodbye screen shows nothing personal: the session's data goes now, the screen a moment later.
  session_.end();
  session_.go(ScreenId::Goodbye, now);
  goodbye_until_ = now + std::chrono::seconds(8);
}

void AppCore::prefill_from_card(const catalog::Matter& matter) {
  auto& d = session_.data();
  d.card_fields.clear();
  if (!d.identity) return;
  for (const auto& f : matter.fields) {
    if (auto value = d.identity->prefill(f.prefill)) {
      wipe(d.form[f.key]);
      d.form[f.key] = std::move(*value);
      d.card_fields.insert(f.key);
    }
  }
}

void AppCore::complete(UniqueFunction<void(AppCore&)> fn) {
  {
    std::lock_guard lock(completions_mutex_);
    completions_.push_back(std::move(fn));
  }
  if (wake_) wake_();
}

bool AppCore::update(SteadyTime now) {
  std::vector<UniqueFunction<void(AppCore&)>> done;
  {
    std::lock_guard lock(completions_mutex_);
    done.swap(completions_);
  }
  for (auto& fn : done) fn(*this);
  bool changed = !done.empty();
  if (screen() == ScreenId::Goodbye && now >= goodbye_until_) {
    session_.end();
    changed = true;
  }
  if (session_.idle_expired(now)) {
    log::info("session", "idle timeout on screen " + std::string(screen_name(screen())) + "; session wiped");
    session_.end();
    changed = true;
  }
  if (screen() != shown_) {
    on_screen_change(now);
    changed = true;
  }
  if (screen() == ScreenId::Attract) {
    if (pending_catalog_) {
      switch_catalog(std::move(*pending_catalog_));
      pending_catalog_.reset();
      changed = true;
    }
    apply_staged_catalog();
  }
  return changed;
}

SteadyTime AppCore::next_wake(SteadyTime now, WallTime wall) const {
  using namespace std::chrono;
  if (session_.countdown_left(now)) return now + milliseconds(1000) - duration_cast<milliseconds>(now.time_since_epoch()) % 1000;
  if (qr_reader_) return std::min(now + milliseconds(66), session_.countdown_start());  // the QR scan's live preview
  if (face_) return std::min(now + milliseconds(66), session_.countdown_start());       // the face camera's live preview
  if (session_.timeout_applies()) return session_.countdown_start();
  if (screen() == ScreenId::Goodbye) return goodbye_until_;
  if (capture_) return now + std::chrono::milliseconds(66);  // the live preview
  // The attract clock shows minutes: wake when the minute changes.
  const auto into_minute = duration_cast<milliseconds>(wall.time_since_epoch()) % 60000;
  return now + (milliseconds(60000) - into_minute);
}

void AppCore::start_sync() {
  store::SyncConfig sc = sync_config(config_);
  sc.heartbeat_info = [this, version = catalog_.version] {
    std::lock_guard lock(heartbeat_mutex_);
    return nlohmann::json{{"version", OW_VERSION},
                          {"catalog_version", version},
                          {"devices", heartbeat_devices_ ? heartbeat_devices_() : nlohmann::json::object()}};
  };
  // From the sync thread: an empty completion wakes the UI so the badge redraws.
  sc.on_status = [this](const store::SyncStatus&) { complete([](AppCore&) {}); };
  sc.on_catalog = [this](std::string bytes, const std::string&) { return stage_catalog(bytes); };
  auto engine = store::SyncEngine::start(std::move(sc));
  if (!engine) {
    log::error("sync", "sync engine not started, submissions stay queued: " + engine.error().message);
    return;
  }
  sync_ = std::move(*engine);
}

void AppCore::set_heartbeat_devices(std::function<nlohmann::json()> provider) {
  std::lock_guard lock(heartbeat_mutex_);
  heartbeat_devices_ = std::move(provider);
}

store::SyncStatus AppCore::sync_status() const { return sync_ ? sync_->status() : store::SyncStatus{}; }

AttractView AppCore::attract_view(WallTime wall) const {
  AttractView v{config_.hall_name, clock_hhmm(wall), date_text(wall), sync_status().online, std::nullopt};
  if (std::chrono::steady_clock::now() < card_hint_until_) v.card_hint = Str::CardReadAgain;
  v.qr_login = config_.qr_login.enabled;
  return v;
}

ConsentView AppCore::consent_view() const {
  const auto& id = session_.data().identity;
  ConsentView v;
  v.retention_days = config_.platform.retention_days;
  // 0 deletes on the platform's receipt: "within 0 days" would read as a mistake.
  v.body = v.retention_days > 0 ? trf(Str::ConsentBody, v.retention_days) : std::string(tr(Str::ConsentBodyAtOnce));
  if (id && id->has_verified_person()) v.masked_id = mask_id_number(id->id_number.view());
  if (id && id->source == IdentitySource::SocialSecurityCard)
    v.masked_sscard = drivers::smartcard::mask_card_number(id->sscard_number.view());
  return v;
}

FormView AppCore::form_view() const {
  FormView view;
  const catalog::Matter* m = current_matter();
  if (!m) return view;
  const auto& d = session_.data();
  view.matter_name = m->name;
  view.submit_failed = d.submit_failed;
  for (const auto& f : m->fields) {
    FieldView fv{&f, {}, d.card_fields.count(f.key) > 0, d.platform_fields.count(f.key) > 0, {}};
    if (auto it = d.form.find(f.key); it != d.form.end()) fv.value = it->second;
    if (fv.from_card && f.type == catalog::FieldType::IdNumber) fv.value = mask_id_number(fv.value);
    if (auto it = d.field_errors.find(f.key); it != d.field_errors.end()) fv.error = it->second;
    view.fields.push_back(std::move(fv));
  }
  return view;
}

ReceiptView AppCore::receipt_view() const {
  const catalog::Matter* m = current_matter();
  const auto& d = session_.data();
  ReceiptView v{d.receipt_no, m ? m->name : std::string(), m ? m->promised_days : 0, query_url(d.receipt_no), d.print,
                d.print_failure, m ? delivery_words() : std::string()};
  return v;
}

}  // namespace ow
