#pragma once
// Paper from the receipt printer for every feature (受理回执, checklist, queue ticket): the layout is
// rendered and sent on the store's worker, so a slow or stuck printer never holds up the screen,
// and personal layouts are made and dropped there.
#include <functional>
#include <memory>

#include "base/sequence_checker.hpp"
#include "kiosk/app/context.hpp"
#include "kiosk/receipt/font.hpp"
#include "kiosk/receipt/receipt_layout.hpp"

namespace ow {

class Printing {
 public:
  explicit Printing(AppContext& ctx);

  // A printer is configured and the receipt font loaded.
  bool available() const { return ctx_.devices().receipt_printer && font_; }
  // `done` runs on the printer's or the worker's thread with the job's outcome; a layout that cannot
  // be rendered fails as a BadJob (logged under `what`).
  void print(receipt::Layout layout, const char* what, std::function<void(const drivers::printer::JobResult&)> done);
  // Prints a job the printer kept after it failed (JobResult::reprint_available).
  void reprint(std::uint64_t job_id, std::function<void(const drivers::printer::JobResult&)> done);

 private:
  AppContext& ctx_;
  OW_SEQUENCE_CHECKER(worker_);  // the font's glyph cache is the store worker's
  std::unique_ptr<receipt::Font> font_;  // used only on the worker's thread
};

}  // namespace ow
