#pragma once
// The filled application form as an A4 PDF (Cairo, the kiosk's CJK font): header with the
// receipt number, tables of applicant and form fields and of materials, the declaration and the
// signature image. For matters whose result needs a paper form at the window; printed on the
// A4 printer (drivers/printer/ipp_printer.hpp).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/result.hpp"
#include "kiosk/strings.hpp"

namespace ow::receipt {

struct FormRow {
  std::string label, value;
};

enum class MaterialState { Provided, Deferred, Electronic };

struct FormMaterialRow {
  std::string name;
  MaterialState state = MaterialState::Provided;
  int pages = 0;  // scanned pages; 0 when not applicable
};

struct ApplicationFormContent {
  std::string hall_name;
  std::string matter_name;
  std::string receipt_no;
  std::chrono::system_clock::time_point submitted_at{};
  std::vector<FormRow> applicant;  // name, ID number (already masked unless the matter needs it), …
  std::vector<FormRow> fields;     // the form as filled in
  std::vector<FormMaterialRow> materials;
  std::vector<std::uint8_t> signature_png;  // the signature pad's image; empty: a blank line to sign
};

struct PdfFont {
  std::filesystem::path file = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  int index = 2;
};

// Writes the PDF to `out` and returns its page count.
Result<int> write_application_form_pdf(const ApplicationFormContent& form, const std::filesystem::path& out,
                                       const PdfFont& font = {}, Language lang = Language::Chinese);

}  // namespace ow::receipt
