#pragma once
// Handing in the materials: capturing pages with the document camera (opened only while a material
// is captured), using an electronic licence instead, deferring a 容缺 material, or promising instead
// of a proof (告知承诺); then on to the pre-review.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/context.hpp"
#include "kiosk/capture/document_session.hpp"
#include "kiosk/materials/intents.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

class ApplicationController;
class ReviewController;

struct MaterialItem {
  const catalog::Material* material = nullptr;
  int pages = 0;
  bool licence = false, deferred = false, promised = false;
  bool from_card = false;  // satisfied by the ID card read at this kiosk: nothing to do
};

struct CaptureView {
  std::string material_name;
  std::shared_ptr<const drivers::camera::Frame> preview;
  std::shared_ptr<const capture::DocumentOverlay> overlay;
  std::size_t pages = 0, pages_before = 0;  // taken in this capture / kept from earlier ones
  Str guidance = Str::CaptureDocNotFound;
  bool camera_ok = false;
};

class MaterialsController {
 public:
  MaterialsController(AppContext& ctx, ApplicationController& application, ReviewController& review);

  void handle(const intent::CaptureMaterial& i, SteadyTime now);
  void handle(const intent::Shutter&, SteadyTime now);
  void handle(const intent::FinishCapture&, SteadyTime now);
  void handle(const intent::UseLicence& i, SteadyTime now);
  void handle(const intent::DeferMaterial& i, SteadyTime now);
  void handle(const intent::PromiseMaterial& i, SteadyTime now);
  void handle(const intent::ClearMaterial& i, SteadyTime now);
  void handle(const intent::Next&, SteadyTime now);  // on the materials screen: to the pre-review
  void handle(const intent::Back&, SteadyTime now);  // on the materials screen: to the form

  // The camera streams only on the materials screen.
  void on_screen(ScreenId screen);
  bool previewing() const { return capture_ != nullptr; }

  std::vector<MaterialItem> materials_view() const;
  std::optional<CaptureView> capture_view() const;  // while a material is being captured

 private:
  void start_capture(const std::string& code);
  void stop_capture(bool keep_pages);

  AppContext& ctx_;
  ApplicationController& application_;
  ReviewController& review_;
  std::unique_ptr<drivers::camera::Camera> camera_;  // open only while a material is captured
  std::unique_ptr<capture::DocumentSession> capture_;
};

}  // namespace ow
