#include "kiosk/materials/materials_controller.hpp"

#include <algorithm>

#include "kiosk/application/application_controller.hpp"
#include "kiosk/capture/capture_messages.hpp"
#include "kiosk/catalog/prereview.hpp"
#include "kiosk/log.hpp"
#include "kiosk/review/review_controller.hpp"

namespace ow {

MaterialsController::MaterialsController(AppContext& ctx, ApplicationController& application, ReviewController& review)
    : ctx_(ctx), application_(application), review_(review) {}

void MaterialsController::handle(const intent::CaptureMaterial& i, SteadyTime) {
  if (ctx_.on(ScreenId::Materials)) start_capture(i.code);
}

void MaterialsController::handle(const intent::Shutter&, SteadyTime) {
  if (capture_) capture_->capture_now();
}

void MaterialsController::handle(const intent::FinishCapture&, SteadyTime) { stop_capture(true); }

void MaterialsController::handle(const intent::UseLicence& i, SteadyTime) { ctx_.data().materials[i.code].licence = true; }

void MaterialsController::handle(const intent::DeferMaterial& i, SteadyTime) { ctx_.data().materials[i.code].deferred = true; }

void MaterialsController::handle(const intent::PromiseMaterial& i, SteadyTime) {
  const catalog::Matter* m = application_.current_matter();
  if (!m) return;
  for (const auto& mat : m->materials)
    if (mat.code == i.code && !mat.promise.empty()) ctx_.data().materials[i.code].promised = true;
}

void MaterialsController::handle(const intent::ClearMaterial& i, SteadyTime) {
  auto& materials = ctx_.data().materials;
  // What the card stands for is not the citizen's to undo: the card was read.
  if (auto it = materials.find(i.code); it != materials.end() && !it->second.from_card) materials.erase(it);
}

void MaterialsController::handle(const intent::Next&, SteadyTime now) {
  if (!ctx_.on(ScreenId::Materials) || !application_.current_matter()) return;
  stop_capture(false);
  review_.prereview_and_go(now);
}

void MaterialsController::handle(const intent::Back&, SteadyTime now) {
  if (!ctx_.on(ScreenId::Materials)) return;
  stop_capture(false);
  ctx_.go(ScreenId::Form, now);
}

void MaterialsController::on_screen(ScreenId screen) {
  if (screen != ScreenId::Materials) stop_capture(false);
}

void MaterialsController::start_capture(const std::string& code) {
  stop_capture(false);
  const DocCameraConfig& c = ctx_.config().document_camera;
  if (c.source.empty()) return;
  auto camera = drivers::camera::Camera::open(camera_config(c));
  ctx_.data().capturing = code;
  if (!camera) {
    log::warn("capture", "document camera: " + camera.error().message);
    return;
  }
  camera_ = std::move(*camera);
  capture_ = std::make_unique<capture::DocumentSession>(*camera_, capture::SessionOptions{}, [this] { ctx_.wake(); });
}

void MaterialsController::stop_capture(bool keep_pages) {
  auto& d = ctx_.data();
  if (capture_ && keep_pages && !d.capturing.empty()) {
    auto& pages = d.materials[d.capturing].pages;
    for (auto& p : capture_->take_pages()) pages.push_back(std::move(p));
  }
  // The session's pages die with it; the camera stops streaming when nobody captures.
  capture_.reset();
  camera_.reset();
  d.capturing.clear();
}

std::vector<MaterialItem> MaterialsController::materials_view() const {
  std::vector<MaterialItem> items;
  const catalog::Matter* m = application_.current_matter();
  if (!m) return items;
  const auto& d = ctx_.data();
  // A material asked only in some cases (its `when`) is listed only when the form makes it so; the
  // application is built only for a matter that has such a material.
  const bool conditional = std::any_of(m->materials.begin(), m->materials.end(), [](const auto& x) { return x.when.has_value(); });
  const std::vector<bool> asked = conditional ? catalog::materials_asked(m->materials, application_.application())
                                              : std::vector<bool>(m->materials.size(), true);
  for (std::size_t i = 0; i < m->materials.size(); ++i) {
    if (!asked[i]) continue;
    const catalog::Material& mat = m->materials[i];
    MaterialItem item{&mat, 0, false, false};
    if (auto it = d.materials.find(mat.code); it != d.materials.end()) {
      item.pages = static_cast<int>(it->second.pages.size());
      item.licence = it->second.licence;
      item.deferred = it->second.deferred;
      item.promised = it->second.promised;
      item.from_card = it->second.from_card;
    }
    items.push_back(item);
  }
  return items;
}

std::optional<CaptureView> MaterialsController::capture_view() const {
  const auto& d = ctx_.data();
  const catalog::Matter* m = application_.current_matter();
  if (d.capturing.empty() || !m) return std::nullopt;
  CaptureView v;
  for (const auto& mat : m->materials)
    if (mat.code == d.capturing) v.material_name = mat.name;
  if (auto it = d.materials.find(d.capturing); it != d.materials.end()) v.pages_before = it->second.pages.size();
  if (!capture_) {
    v.guidance = Str::CaptureCameraOffline;
    return v;
  }
  v.preview = capture_->preview();
  v.overlay = capture_->overlay();
  v.pages = capture_->page_count();
  v.camera_ok = true;
  if (v.overlay) {
    v.guidance = capture::message(v.overlay->reason);
    if (v.overlay->capturing) v.guidance = Str::CaptureDocCapturing;
    else if (v.overlay->waiting_for_next_page) v.guidance = Str::CaptureDocNextPage;
    else if (v.overlay->found && v.overlay->reason == capture::DocReason::Ok) v.guidance = Str::CaptureDocHoldStill;
    if (!v.overlay->camera_online) v.guidance = Str::CaptureCameraOffline;
  }
  return v;
}

}  // namespace ow
