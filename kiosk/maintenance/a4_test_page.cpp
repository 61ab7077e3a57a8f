#include "kiosk/maintenance/a4_test_page.hpp"

#include "kiosk/receipt/application_form_pdf.hpp"
#include "kiosk/strings.hpp"

namespace ow::maintenance {

Result<void> write_a4_test_page(const Config& config, const std::filesystem::path& pdf) {
  receipt::ApplicationFormContent page;
  page.hall_name = config.hall_name;
  page.matter_name = tr(Str::MtA4PageTitle, Language::Chinese);
  page.receipt_no = config.kiosk_id;
  page.submitted_at = std::chrono::system_clock::now();
  page.fields = {{tr(Str::MtA4PageKiosk, Language::Chinese), config.kiosk_id},
                 {tr(Str::MtA4PageNoteLabel, Language::Chinese), tr(Str::MtA4PageNote, Language::Chinese)},
                 {tr(Str::MtA4PageFontLabel, Language::Chinese), tr(Str::MtA4PageFont, Language::Chinese)}};
  auto pages = receipt::write_application_form_pdf(page, pdf, receipt::PdfFont{config.font_file, config.font_index});
  if (!pages) return tl::unexpected(pages.error());
  return {};
}

}  // namespace ow::maintenance
