#pragma once
// From the pre-review to the durable commit: the one-pass pre-review that lists every problem at
// once (一次性告知) with its 去修改; review and sign (everything the submission will carry, the ID
// number in full here only, how the result reaches the citizen, the finger signature); and the
// submission, committed on the store's worker before the receipt is printed.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/context.hpp"
#include "kiosk/review/intents.hpp"
#include "kiosk/session/intents.hpp"

namespace ow {

class ApplicationController;
class FaceController;
class ReceiptController;

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

struct ReviewItem {
  std::string label;
  SecretString value;  // a form value shown in full
};

struct ReviewView {
  std::string matter_name;
  std::vector<ReviewItem> fields;     // the applicant and the form, unmasked
  std::vector<ReviewItem> materials;  // each material and what was handed in for it
  std::vector<catalog::Delivery> delivery_options;  // what the matter's result allows
  std::optional<catalog::Delivery> delivery;  // none until the citizen chooses
  // The mail address form, shown when the result is mailed: fields, their values and problems.
  std::vector<catalog::FormField> mail_fields;
  std::vector<SecretString> mail_values;
  std::vector<std::optional<Str>> mail_errors;
  std::vector<std::string> promises;  // the 告知承诺 statements the signature makes
  bool signed_ = false;
  std::optional<Str> problem;  // why 提交 did not go on (no signature, address incomplete)
  std::shared_ptr<const drivers::camera::Frame> face_photo;  // the applicant's photo, where the matter takes one
};

class ReviewController {
 public:
  ReviewController(AppContext& ctx, ApplicationController& application, FaceController& face, ReceiptController& receipt);

  void handle(const intent::FixField& i, SteadyTime now);
  void handle(const intent::FixMaterial& i, SteadyTime now);
  void handle(const intent::ChooseDelivery& i, SteadyTime now);
  void handle(const intent::SetDeliveryField& i, SteadyTime now);
  void handle(const intent::Sign& i, SteadyTime now);
  void handle(const intent::ClearSignature&, SteadyTime now);
  void handle(const intent::Submit&, SteadyTime now);  // submit.cpp
  void handle(const intent::Next&, SteadyTime now);    // a passed pre-review: to review and sign
  void handle(const intent::Back&, SteadyTime now);

  void run_prereview();
  // Runs the pre-review and goes on: straight to review and sign when it passed with nothing to show
  // (no problem, none deferred that the citizen has not seen), else to the pre-review's list.
  void prereview_and_go(SteadyTime now);
  // How the result reaches the citizen, in words (the receipt) and as the submission carries it.
  std::string delivery_words() const;
  SecretString delivery_json() const;  // the mail address is personal

  PrereviewView prereview_view() const;
  ReviewView review_view() const;

 private:
  bool ready_to_submit();  // signature and delivery complete; otherwise says why on the review screen
  void submit(SteadyTime now);
  // A commit whose outcome is not known: no retry may be offered.
  void show_uncertain_commit(std::string submission_id, const std::string& why, SteadyTime now);

  AppContext& ctx_;
  ApplicationController& application_;
  FaceController& face_;
  ReceiptController& receipt_;
};

}  // namespace ow
