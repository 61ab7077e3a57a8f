#pragma once
// The composition root of the core: wires config, catalog, store and session, turns intents from
// the screens into state changes, and offers each screen a view model. No SDL, no ImGui.
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "drivers/printer/receipt_printer.hpp"
#include "drivers/barcode/serial_scanner.hpp"
#include "kiosk/capture/document_session.hpp"
#include "kiosk/capture/face_session.hpp"
#include "kiosk/capture/qr_reader.hpp"
#include "kiosk/progress_lookup.hpp"
#include "kiosk/identity/qr_credential.hpp"
#include "kiosk/identity/applicant_profile.hpp"
#include "kiosk/capture/signature.hpp"
#include "kiosk/receipt/font.hpp"
#include "kiosk/catalog/bundle.hpp"
#include "kiosk/catalog/catalog.hpp"
#include "kiosk/catalog/installer.hpp"
#include "kiosk/catalog/search.hpp"
#include "kiosk/config.hpp"
#include "kiosk/disk_guard.hpp"
#include "kiosk/session.hpp"
#include "kiosk/strings.hpp"
#include "kiosk/voice/voice.hpp"
#include "kiosk/worker.hpp"
#include "drivers/idcard/reader.hpp"
#include "drivers/smartcard/pcsc_reader.hpp"
#include "offline_store/store.hpp"
#include "offline_store/sync_engine.hpp"

namespace ow {

// The material code the applicant's photo is submitted under (matters with face_verification).
inline constexpr const char* kFacePhotoMaterial = "FACE_PHOTO";
// The pre-review's problem for a matter that checks the face but has no photo yet; its 去修改
// (FixMaterial{kFacePhotoMaterial}) opens the photo step. None when nothing is missing.
std::optional<catalog::Problem> face_photo_problem(const catalog::Matter& matter, bool has_photo);

using WallTime = std::chrono::system_clock::time_point;

namespace intent {
struct Start {};
struct CardRead {  // a card was read (from the reader's worker)
  Identity identity;
  // Intent is a copyable variant (the UI keeps button intents); a copy clones, and wipes itself too.
  explicit CardRead(Identity id) : identity(std::move(id)) {}
  CardRead(const CardRead& other) : identity(other.identity.clone()) {}
  CardRead(CardRead&&) noexcept = default;
  CardRead& operator=(const CardRead& other) { identity = other.identity.clone(); return *this; }
  CardRead& operator=(CardRead&&) noexcept = default;
};
struct CardUnsupported {};                         // a card was found that the kiosk cannot use
struct Agree {};                                   // consent given
struct ContinueManual {};                          // go on without card data
struct ChooseMatter { std::string code; };
struct SetField { std::string key, value; };
struct Submit {};
struct Back {};
struct Cancel {};         // asks once; CancelConfirmed ends the session
struct CancelConfirmed {};
struct CancelDismissed {};
struct Finish {};
struct KeepAlive {};  // any touch: the citizen is still there
struct ToggleLanguage {};
struct ToggleElderly {};  // 长辈模式: bigger text, fewer items, slower timeouts, voice
struct Replay {};         // 重听: read this screen's instruction again
struct Next {};           // form → materials → pre-review
struct CaptureMaterial { std::string code; };
struct Shutter {};        // take the page in view now
struct FinishCapture {};  // keep the pages taken, close the camera
struct UseLicence { std::string code; };     // the platform fetches the electronic licence instead
struct DeferMaterial { std::string code; };  // the citizen accepts the 容缺 commitment
struct ClearMaterial { std::string code; };  // start this material again
struct FixField { std::string key; };        // 去修改 from the pre-review
struct FixMaterial { std::string code; };
struct Rate { int level; };               // 1…5
struct ToggleReason { int reason; };      // index into the reasons of a bad rating
struct SetComment { std::string text; };
struct SubmitRating {};
struct SkipRating {};
struct Reprint {};
struct OpenProgress {};    // 办件查询 on the attract screen
struct OpenTicket {};      // 排队取号 on the attract screen
struct OpenHelp {};        // 帮助 on the attract screen
struct ProgressScan {};    // read the receipt's QR code with the camera
struct ProgressKeypad {};  // type the receipt number
struct ProgressType { std::string text; };  // the receipt number as typed so far
struct ProgressSearch {};                   // 查询 the typed number
struct ProgressPick { std::size_t index; }; // one submission of the card's list
struct QrScanned { std::string payload; QrSource source = QrSource::Camera; };  // a QR code from the camera or a scanner (personal)
struct TakeTicket { std::string prefix; };  // the business chosen
struct CannotDo {};       // 办不成事: recorded, and the panel says where staff help
struct CannotDoClose {};  // back to what the citizen was doing
struct CannotDoLeave {};  // end the session and leave
struct StartQrLogin {};  // 扫码登录 on the attract screen
struct UseIdCard {};     // leave the QR login for the ID card
struct ChooseDelivery { catalog::Delivery method; };        // review: how the result reaches the citizen
struct SetDeliveryField { std::string key, value; };        // review: the mail address form
struct Sign { capture::Strokes strokes; };                  // review: the signature drawn, confirmed
struct ClearSignature {};                                   // review: sign again
struct FaceAgree {};    // the separate consent to capture the face for this matter
struct FaceDecline {};  // no face capture: the citizen is sent to a staff window
struct ChooseAudience { catalog::Audience audience; };  // home: 个人 / 法人
struct ChooseCategory { std::string name; };            // home: a theme's matters; empty: back to the themes
struct ChooseBundle { std::string code; };              // opens the bundle's detail
struct OpenSearch {};
struct SetSearch { std::string text; };                 // the query as typed so far
struct OpenGuide { std::string code; };                 // a guide tree; empty: the list of them
struct GuideAnswer { std::size_t option; };             // an option of the question shown
struct StartApplication {};                             // 开始办理 from the detail
struct PrintChecklist {};                               // 打印清单 from the detail
struct FaceShutter {};   // 拍照: take the photo now (only when the face is good)
struct FaceRetake {};    // 重拍: drop the photo taken and look again
struct FaceUsePhoto {};  // 使用这张照片: keep the photo for the submission
}  // namespace intent

using Intent = std::variant<intent::Start, intent::CardRead, intent::CardUnsupported, intent::Agree,
                            intent::ContinueManual, intent::ChooseMatter, intent::SetField, intent::Submit, intent::Back,
                            intent::Cancel, intent::CancelConfirmed, intent::CancelDismissed, intent::Finish, intent::KeepAlive, intent::ToggleLanguage,
                            intent::ToggleElderly, intent::Replay, intent::Next, intent::CaptureMaterial,
                            intent::Shutter, intent::FinishCapture, intent::UseLicence, intent::DeferMaterial,
                            intent::ClearMaterial, intent::FixField, intent::FixMaterial, intent::Rate,
                            intent::ToggleReason, intent::SetComment, intent::SubmitRating, intent::SkipRating,
                            intent::Reprint, intent::OpenProgress, intent::OpenTicket, intent::OpenHelp,
                            intent::ProgressScan, intent::ProgressKeypad, intent::ProgressType, intent::ProgressSearch,
                            intent::ProgressPick, intent::QrScanned, intent::TakeTicket, intent::CannotDo,
                            intent::CannotDoClose, intent::CannotDoLeave, intent::StartQrLogin, intent::UseIdCard,
                            intent::ChooseDelivery, intent::SetDeliveryField, intent::Sign, intent::ClearSignature,
                            intent::FaceAgree, intent::FaceDecline,
                            intent::ChooseAudience, intent::ChooseCategory, intent::ChooseBundle,
                            intent::OpenSearch, intent::SetSearch, intent::OpenGuide, intent::GuideAnswer,
                            intent::StartApplication, intent::PrintChecklist,
                            intent::FaceShutter, intent::FaceRetake, intent::FaceUsePhoto>;

struct QrLoginView {
  std::shared_ptr<const drivers::camera::Frame> preview;
  bool camera_ok = false;
  bool scanner = false;  // a serial or keyboard-wedge scanner may be used too
  QrLoginState state = QrLoginState::Waiting;
};

struct AttractView {
  std::string hall_name, clock, date;
  bool online = false;
  std::optional<Str> card_hint;  // e.g. "lift the card and place it again", for a few seconds
  bool qr_login = false;         // offer 扫码登录
};

struct ConsentView {
  std::string masked_id;      // the ID card's number, masked; empty without one
  std::string masked_sscard;  // the social security card's number, masked; empty without one
  int retention_days = 7;
  std::string body;  // what is collected, why, and how long it is kept, in the current language
};

struct MatterItem {
  std::string code, name, department;
};

struct FieldView {
  const catalog::FormField* field = nullptr;
  std::string value;       // as shown: an ID number read from the card is masked
  bool from_card = false;  // filled from the card: shown, not editable
  bool from_platform = false;  // filled from the platform's profile, unchanged: editable, marked so
  std::optional<Str> error;
};

struct FormView {
  std::string matter_name;
  std::vector<FieldView> fields;
  bool submit_failed = false;
};

struct MaterialItem {
  const catalog::Material* material = nullptr;
  int pages = 0;
  bool licence = false, deferred = false;
};

struct CaptureView {
  std::string material_name;
  std::shared_ptr<const drivers::camera::Frame> preview;
  std::shared_ptr<const capture::DocumentOverlay> overlay;
  std::size_t pages = 0, pages_before = 0;  // taken in this capture / kept from earlier ones
  Str guidance = Str::CaptureDocNotFound;
  bool camera_ok = false;
};

struct ProblemView {
  std::string subject;  // the field's label or the material's name
  std::string text;
  bool blocking = true;
  std::string field, material;  // where 去修改 goes
};

struct PrereviewView {
  std::vector<ProblemView> problems;
  std::vector<std::string> deferred;  // names of materials promised for later (容缺)
  bool passed = false, instant = false;
};

struct ReceiptView {
  std::string receipt_no, matter_name;
  int promised_days = 0;
  std::string query_url;  // the QR code's content
  PrintState print = PrintState::None;
  Str print_failure = Str::PrintFailedOther;
  std::string delivery;  // the delivery chosen on the review screen, in words
};

// Review and sign: everything the submission will carry, the ID number in full (here only).
struct ReviewItem {
  std::string label, value;
};

struct ReviewView {
  std::string matter_name;
  std::vector<ReviewItem> fields;     // the applicant and the form, unmasked
  std::vector<ReviewItem> materials;  // each material and what was handed in for it
  std::vector<catalog::Delivery> delivery_options;  // what the matter's result allows
  catalog::Delivery delivery = catalog::Delivery::Window;
  // The mail address form, shown when the result is mailed: fields, their values and problems.
  std::vector<catalog::FormField> mail_fields;
  std::vector<std::string> mail_values;
  std::vector<std::optional<Str>> mail_errors;
  bool signed_ = false;
  std::optional<Str> problem;  // why 提交 did not go on (no signature, address incomplete)
  std::shared_ptr<const drivers::camera::Frame> face_photo;  // the applicant's photo, where the matter takes one
};

// The applicant's photo (face_verification matters): live picture with the face box and a line of
// guidance, then the photo taken for the citizen to use or retake.
struct FaceCaptureView {
  std::string matter_name;
  std::shared_ptr<const drivers::camera::Frame> preview;
  std::shared_ptr<const capture::FaceOverlay> overlay;
  std::shared_ptr<const drivers::camera::Frame> photo;  // taken, waiting for use / retake
  Str guidance = Str::CaptureFaceNone;
  bool camera_ok = false;
  bool can_shoot = false;  // the face is good: 拍照 is enabled
};

struct FaceConsentView {
  std::string matter_name;
  int retention_days = 7;
};

struct ProgressItem {
  std::string receipt_no, matter_name, created, status;
};

struct ProgressView {
  ProgressMode mode = ProgressMode::Choose;
  std::string typed;
  bool typed_invalid = false, scan_rejected = false, camera_failed = false;
  std::string asked, masked_id;
  std::vector<ProgressItem> list;  // the card's submissions
  std::optional<ProgressRecord> result;
  std::string result_matter;       // the matter's name, when the catalog knows it
  ProgressSource source = ProgressSource::LocalOnly;
  std::shared_ptr<const drivers::camera::Frame> preview;  // while scanning
};

struct TicketView {
  std::vector<QueueService> services;
  TicketState ticket;
};

struct HelpDeskView {
  std::string place, hours, phone;
};

struct BundleItem {
  std::string code, name, description;
};

struct HomeView {
  catalog::Audience audience = catalog::Audience::Person;
  std::vector<std::string> categories;  // themes with matters for the audience
  std::vector<BundleItem> bundles;      // featured 一件事 for the audience
  std::string category;                 // chosen theme; empty: none yet
  std::vector<MatterItem> matters;      // the chosen theme's matters
};

struct SearchResult {
  bool bundle = false;
  std::string code, name, matched;
};

struct SearchView {
  std::string query;
  bool ready = false;  // false while the index is still being built
  std::vector<SearchResult> results;
};

struct GuideView {
  std::vector<std::pair<std::string, std::string>> trees;  // code, title: shown when none is chosen
  std::string title, question;
  std::vector<std::string> options;
  int step = 0;  // 1-based number of the question shown; 0 with the list
};

struct DetailMaterial {
  std::string name, note;
  catalog::Necessity necessity = catalog::Necessity::Required;
  catalog::MaterialForm form = catalog::MaterialForm::Original;
  int copies = 1;
  std::optional<Str> skip;  // why the citizen need not bring it
  std::string skip_detail;  // the licence type or the step that produces it
};

struct DetailView {
  bool bundle = false;
  std::string name, conditions, department, fee, result_name;
  std::vector<std::string> steps;  // a bundle's matters in order
  std::vector<DetailMaterial> materials;
  catalog::TimeLimit promised;
  std::vector<catalog::Delivery> delivery;
  bool instant = false, self_service = true;
  PrintState print = PrintState::None;  // the checklist's
  Str print_failure = Str::ChecklistFailedOther;
};

class AppCore {
 public:
  static Result<std::unique_ptr<AppCore>> create(Config config);
  ~AppCore();

  // Called from worker threads to wake the UI loop when they have something for it.
  void set_waker(std::function<void()> wake) { wake_ = std::move(wake); }

  void dispatch(const Intent& intent, SteadyTime now);
  // Applies finished background work and the idle timeout; true when the screen must be redrawn.
  bool update(SteadyTime now);

  ScreenId screen() const { return session_.screen(); }
  bool confirming_cancel() const { return session_.data().confirm_cancel; }
  bool elderly() const { return elderly_; }
  // Synthesized speech waiting to be played (elderly mode); the UI takes it.
  std::optional<VoiceClip> take_audio();
  // The ID card reader's last reported status (no reader configured: no_device).
  drivers::idcard::ReaderStatus reader_status() const;
  std::optional<int> idle_countdown(SteadyTime now) const { return session_.countdown_left(now); }
  // The latest moment the UI should wake without input (countdown tick, clock minute, countdown start).
  SteadyTime next_wake(SteadyTime now, WallTime wall) const;

  AttractView attract_view(WallTime wall) const;
  ConsentView consent_view() const;
  Notice notice_view() const { return session_.data().notice; }
  QrLoginView qr_login_view() const;
  // The serial QR / barcode scanner (maintenance mode); null when none is configured.
  drivers::barcode::SerialScanner* barcode_scanner() { return barcode_.get(); }
  FormView form_view() const;
  ReceiptView receipt_view() const;
  std::vector<MaterialItem> materials_view() const;
  std::optional<CaptureView> capture_view() const;  // while a material is being captured
  PrereviewView prereview_view() const;
  ReviewView review_view() const;
  FaceConsentView face_consent_view() const;
  FaceCaptureView face_capture_view() const;  // app_core_face.cpp
  // app_core_find.cpp: finding a matter or bundle and its one-time notice.
  HomeView home_view() const;
  SearchView search_view() const;
  GuideView guide_view() const;
  DetailView detail_view() const;
  const Rating& rating_view() const { return session_.data().rating; }
  ProgressView progress_view() const;  // app_core_progress.cpp
  TicketView ticket_view() const;      // app_core_hall.cpp
  HelpDeskView help_desk_view() const;
  bool cannot_do_open() const { return session_.data().help_open; }
  static constexpr int kRatingReasons = 6;  // Str::RatingReason0 … RatingReason5
  // The field the pre-review asked to fix; the form screen opens it once.
  std::string take_focus_field() { return std::exchange(session_.data().focus_field, {}); }

  // The outbox and the link to the platform (offline badge, technician screen); thread-safe.
  store::SyncStatus sync_status() const;
  // For maintenance mode (kiosk/maintenance): the drivers this core runs, a sync pass now, and
  // the device health the heartbeat reports (called on the sync thread).
  drivers::idcard::Reader* idcard_reader() { return reader_.get(); }
  drivers::smartcard::PcscReader* sscard_reader() { return sscard_.get(); }
  drivers::printer::ReceiptPrinter* receipt_printer() { return printer_.get(); }
  void sync_now() {
    if (sync_) sync_->notify();
  }
  void set_heartbeat_devices(std::function<nlohmann::json()> provider);
  // Maintenance: makes the previous catalog current and serves it at once when no citizen session
  // runs (else when it ends). `done` runs on the UI thread with a message for the technician.
  void rollback_catalog(std::function<void(bool ok, std::string message)> done);
  // Maintenance mode shows instead of the citizen screens: a card on the reader must not start a
  // citizen session (the technician's card-read test reads it on demand), so the reader stops
  // polling for citizens and cards that still arrive are dropped. UI thread.
  void set_maintenance(bool showing);

  const Config& config() const { return config_; }
  const catalog::Catalog& catalog() const { return catalog_; }
  // Grows each time a new catalog is served: the UI rebuilds its font atlas for the new texts.
  int catalog_generation() const { return catalog_generation_; }
  // The session object, for tests that check it was wiped.
  const Session& session() const { return session_; }

 private:
  AppCore(Config config, catalog::Catalog catalog, std::unique_ptr<store::Store> store);
  void submit(SteadyTime now);
  bool refuse_if_disk_full(SteadyTime now);  // shows the notice and returns true when it is
  // A commit whose outcome is not known (app_core_uncertain.cpp): no retry may be offered.
  void show_uncertain_commit(std::string submission_id, const std::string& why, SteadyTime now);
  void start_with_card(Identity identity, SteadyTime now);
  void go_goodbye(SteadyTime now);
  // app_core_materials.cpp
  void go_next(SteadyTime now);
  bool check_form(const catalog::Matter& m);
  catalog::Application application() const;
  void run_prereview();
  void start_capture(const std::string& code);
  void stop_capture(bool keep_pages);
  void dispatch_materials(const Intent& intent, SteadyTime now);
  void dispatch_rating(const Intent& intent, SteadyTime now);
  // app_core_qr_login.cpp
  void dispatch_qr_login(const Intent& intent, SteadyTime now);
  void on_qr_scanned(const std::string& text, QrSource source, SteadyTime now);
  void start_qr_camera();
  void start_barcode_scanner();
  // app_core_review.cpp
  void dispatch_review(const Intent& intent, SteadyTime now);
  bool ready_to_submit();  // signature and delivery complete; otherwise says why on the review screen
  std::string delivery_json() const;
  std::string delivery_words() const;  // for the receipt
  // app_core_face.cpp: the applicant's photo for matters that check the face
  void dispatch_face(const Intent& intent, SteadyTime now);
  void enter_face_capture(SteadyTime now, bool from_prereview);  // or to a staff window without a face camera
  void stop_face_capture();
  void face_back(SteadyTime now);
  void add_face_prereview_problem();
  // app_core_find.cpp
  void dispatch_find(const Intent& intent, SteadyTime now);
  bool back_find(SteadyTime now);  // Back on a find screen; false when it is not one
  void start_application(SteadyTime now);
  void build_search_index();
  void print_checklist();
  // app_core_catalog.cpp
  void start_installer();
  store::CatalogVerdict stage_catalog(const std::string& bytes);
  void apply_staged_catalog();
  void switch_catalog(catalog::Catalog next);
  // app_core_print.cpp
  void start_printer();
  void print_receipt();
  void reprint_receipt();
  std::string query_url(const std::string& receipt_no) const;
  // app_core_hall.cpp: queue tickets, 办不成事, and the screens the attract screen opens
  bool dispatch_hall(const Intent& intent, SteadyTime now);  // true: handled
  void take_ticket(const std::string& prefix);
  void print_ticket();
  void record_cannot_do();
  // app_core_progress.cpp
  bool dispatch_progress(const Intent& intent, SteadyTime now);
  void progress_back(SteadyTime now);
  void ensure_progress_lookup();  // on query_worker_'s thread
  void lookup_receipt(const std::string& receipt_no);
  void lookup_card(Identity identity);
  void start_qr_scan();
  // Opens `source` with the document camera's settings and starts the QR reader on it.
  drivers::DeviceResult<void> open_qr_reader(const std::string& source);
  void stop_qr_scan();
  void take_qr_payloads();
  void start_reader();
  void start_sscard_reader();
  void start_sync();
  void on_screen_change(SteadyTime now);
  void update_card_polling();  // the reader polls only while a card is wanted here and now
  void speak_prompt();
  IdlePolicy idle_policy() const;
  void prefill_from_card(const catalog::Matter& matter);
  // app_core_prefill.cpp: the platform's profile of the applicant, asked on a worker when online.
  void request_platform_prefill(const catalog::Matter& matter);
  void apply_platform_prefill(std::uint64_t request, ApplicantProfile profile);
  void complete(UniqueFunction<void(AppCore&)> fn);  // from the worker: run fn on the UI thread
  // The matter being applied for; a bundle runs as one merged matter (bundle_as_matter).
  const catalog::Matter* current_matter() const;

  Config config_;
  catalog::Catalog catalog_;
  std::unique_ptr<store::Store> store_;  // used only on worker_'s thread
  Session session_;
  DiskGuard disk_guard_;  // no new sessions or submissions when the data disk is nearly full
  std::function<void()> wake_;
  std::mutex completions_mutex_;
  std::vector<UniqueFunction<void(AppCore&)>> completions_;
  bool elderly_ = false;
  bool maintenance_ = false;  // set_maintenance()
  ScreenId shown_ = ScreenId::Attract;  // the screen update() last saw, to notice changes
  SteadyTime card_hint_until_{};
  SteadyTime goodbye_until_{};
  std::optional<VoiceClip> audio_;
  std::unique_ptr<Voice> voice_;
  std::mutex heartbeat_mutex_;
  std::function<nlohmann::json()> heartbeat_devices_;
  mutable std::mutex reader_status_mutex_;
  drivers::idcard::ReaderStatus reader_status_;
  // Devices and the worker last: they are stopped first, while everything their callbacks use exists.
  std::unique_ptr<store::SyncEngine> sync_;  // its status callback posts completions
  std::unique_ptr<drivers::camera::Camera> doc_camera_;  // open only while a material is captured
  std::unique_ptr<capture::DocumentSession> capture_;
  std::unique_ptr<drivers::camera::Camera> face_camera_;  // open only while the photo is taken
  std::unique_ptr<capture::FaceSession> face_;
  std::mutex installer_mutex_;  // staged on the sync thread, applied on the worker
  std::unique_ptr<catalog::Installer> installer_;
  bool applying_catalog_ = false;                  // guarded by installer_mutex_ until the completion
  std::optional<catalog::Catalog> pending_catalog_;  // applied while a session ran: served after it
  int catalog_generation_ = 0;
  // The bundle being applied for, merged (its pointers are into catalog_, which changes only
  // between sessions), and as the one matter the journey's screens run.
  std::optional<catalog::MergedBundle> bundle_merged_;
  std::optional<catalog::Matter> bundle_matter_;
  std::shared_ptr<const catalog::SearchIndex> search_;  // built on the worker; null until ready
  int search_generation_ = 0;  // drops an index built for a catalog that has since been replaced
  std::unique_ptr<receipt::Font> receipt_font_;  // used only on worker_'s thread
  std::unique_ptr<drivers::printer::ReceiptPrinter> printer_;
  std::unique_ptr<drivers::idcard::Reader> reader_;
  std::unique_ptr<drivers::smartcard::PcscReader> sscard_;
  std::uint64_t hall_generation_ = 0;  // numbers each query and ticket; a late answer to an old one is dropped
  std::unique_ptr<ProgressLookup> progress_lookup_;  // used only on query_worker_'s thread
  Worker query_worker_;  // progress queries wait for the platform here, not in front of commits and prints
  std::unique_ptr<drivers::camera::Camera> qr_camera_;  // open only while a receipt or login QR is scanned
  std::unique_ptr<capture::QrReader> qr_reader_;
  std::unique_ptr<drivers::barcode::SerialScanner> barcode_;
  std::uint64_t qr_requests_ = 0;
  std::uint64_t profile_requests_ = 0;
  Worker identity_worker_;  // the platform's QR login answers; never holds up the store's worker
  Worker worker_;
};

}  // namespace ow
