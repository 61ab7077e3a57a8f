#include "kiosk/receipt/application_form_pdf.hpp"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cstring>
#include <mutex>

#include "kiosk/receipt/font.hpp"
#include "kiosk/receipt/receipt_layout.hpp"
#include "kiosk/receipt/wrap_text.inl"
#include "offline_store/receipt_number.hpp"

namespace ow::receipt {

namespace {

constexpr double kPageW = 595.28, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 56.0;                     // ~20 mm
constexpr double kBody = 11.0, kTitle = 18.0, kSection = 13.0;
constexpr double kPad = 5.0;

const cairo_user_data_key_t kFaceKey{};

struct PngReader {
  const std::vector<std::uint8_t>* bytes;
  std::size_t pos = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->pos + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(data, r->bytes->data() + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

class Writer {
 public:
  Writer(cairo_t* cr, const ApplicationFormContent& form, Language lang) : cr_(cr), form_(form), lang_(lang) {}

  int run() {
    header();
    section(tr(Str::PrintFormApplicant, lang_));
    table(form_.applicant);
    if (!form_.fields.empty()) {
      section(tr(Str::PrintFormFields, lang_));
      table(form_.fields);
    }
    if (!form_.materials.empty()) {
      section(tr(Str::PrintFormMaterials, lang_));
      std::vector<FormRow> rows;
      for (const auto& m : form_.materials) {
        std::string state = tr(m.state == MaterialState::Provided   ? Str::PrintFormMaterialProvided
                               : m.state == MaterialState::Deferred ? Str::PrintFormMaterialDeferred
                                                                    : Str::PrintFormMaterialElectronic,
                               lang_);
        rows.push_back({m.name, state});
      }
      table(rows);
    }
    signature();
    footer();
    return page_;
  }

 private:
  double text_width(const std::string& s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, s.c_str(), &e);
    return e.x_advance;
  }
  std::vector<std::string> wrap(const std::string& s, double width) {
    cairo_set_font_size(cr_, kBody);
    // Measured in hundredths of a point: wrap_text counts in integers.
    return wrap_text(s, static_cast<int>(width * 100), [this](std::string_view piece, char32_t) {
      return static_cast<int>(text_width(std::string(piece)) * 100);
    });
  }
  void text(double x, double baseline, const std::string& s, double size) {
    cairo_set_font_size(cr_, size);
    cairo_move_to(cr_, x, baseline);
    cairo_show_text(cr_, s.c_str());
  }
  void need(double height) {
    if (y_ + height <= kPageH - kMargin - 20) return;
    footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }
  void footer() {
    cairo_set_font_size(cr_, 9);
    const std::string s = fill(tr(Str::PrintFormPage, lang_), page_);
    text((kPageW - text_width(s)) / 2, kPageH - kMargin / 2, s, 9);
  }
  void header() {
    if (!form_.hall_name.empty()) {
      cairo_set_font_size(cr_, kBody);
      text((kPageW - text_width(form_.hall_name)) / 2, y_ + kBody, form_.hall_name, kBody);
      y_ += kBody * 1.8;
    }
    const std::string title = fill(tr(Str::PrintFormTitle, lang_), form_.matter_name);
    cairo_set_font_size(cr_, kTitle);
    for (const std::string& line : wrap_title(title)) {
      cairo_set_font_size(cr_, kTitle);
      text((kPageW - text_width(line)) / 2, y_ + kTitle, line, kTitle);
      y_ += kTitle * 1.5;
    }
    y_ += 4;
    const std::string left = fill(tr(Str::PrintReceiptNo, lang_), store::group_receipt_number(form_.receipt_no));
    const std::string right = fill(tr(Str::PrintSubmittedAt, lang_), local_minutes(form_.submitted_at));
    text(kMargin, y_ + kBody, left, kBody);
    cairo_set_font_size(cr_, kBody);
    text(kPageW - kMargin - text_width(right), y_ + kBody, right, kBody);
    y_ += kBody * 2;
  }
  std::vector<std::string> wrap_title(const std::string& s) {
    cairo_set_font_size(cr_, kTitle);
    return wrap_text(s, static_cast<int>((kPageW - 2 * kMargin) * 100), [this](std::string_view piece, char32_t) {
      return static_cast<int>(text_width(std::string(piece)) * 100);
    });
  }
  void section(const std::string& name) {
    need(kSection * 2 + kBody * 3);
    y_ += 6;
    text(kMargin, y_ + kSection, name, kSection);
    y_ += kSection * 1.6;
  }
  void table(const std::vector<FormRow>& rows) {
    const double width = kPageW - 2 * kMargin;
    const double label_w = width * 0.32;
    const double line_h = kBody * 1.45;
    cairo_set_line_width(cr_, 0.6);
    for (const FormRow& row : rows) {
      const auto label = wrap(row.label, label_w - 2 * kPad);
      const auto value = wrap(row.value, width - label_w - 2 * kPad);
      const double h = static_cast<double>(std::max(label.size(), value.size())) * line_h + 2 * kPad;
      need(h);
      cairo_set_source_rgb(cr_, 0.93, 0.93, 0.93);
      cairo_rectangle(cr_, kMargin, y_, label_w, h);
      cairo_fill(cr_);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      cairo_rectangle(cr_, kMargin, y_, label_w, h);
      cairo_rectangle(cr_, kMargin + label_w, y_, width - label_w, h);
      cairo_stroke(cr_);
      for (std::size_t i = 0; i < label.size(); ++i)
        text(kMargin + kPad, y_ + kPad + kBody + static_cast<double>(i) * line_h, label[i], kBody);
      for (std::size_t i = 0; i < value.size(); ++i)
        text(kMargin + label_w + kPad, y_ + kPad + kBody + static_cast<double>(i) * line_h, value[i], kBody);
      y_ += h;
    }
  }
  void signature() {
    need(140);
    y_ += 16;
    for (const std::string& line : wrap(tr(Str::PrintFormDeclaration, lang_), kPageW - 2 * kMargin)) {
      text(kMargin, y_ + kBody, line, kBody);
      y_ += kBody * 1.5;
    }
    y_ += 10;
    const std::string label = tr(Str::PrintFormSignature, lang_);
    text(kMargin, y_ + 40, label, kBody);
    cairo_set_font_size(cr_, kBody);
    const double x = kMargin + text_width(label) + 8;
    const double box_w = 200, box_h = 60;
    if (!form_.signature_png.empty()) {
      PngReader reader{&form_.signature_png};
      cairo_surface_t* img = cairo_image_surface_create_from_png_stream(read_png, &reader);
      if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
        const double sw = cairo_image_surface_get_width(img), sh = cairo_image_surface_get_height(img);
        const double scale = std::min(box_w / sw, box_h / sh);
        cairo_save(cr_);
        cairo_translate(cr_, x, y_);
        cairo_scale(cr_, scale, scale);
        cairo_set_source_surface(cr_, img, 0, 0);
        cairo_paint(cr_);
        cairo_restore(cr_);
      }
      cairo_surface_destroy(img);
    }
    cairo_set_source_rgb(cr_, 0, 0, 0);
    cairo_move_to(cr_, x, y_ + box_h + 2);
    cairo_line_to(cr_, x + box_w, y_ + box_h + 2);
    cairo_stroke(cr_);
    y_ += box_h + 10;
  }

  cairo_t* cr_;
  const ApplicationFormContent& form_;
  Language lang_;
  double y_ = kMargin;
  int page_ = 1;
};

}  // namespace

// One FreeType library for the process; faces are opened and released under this lock, since
// FreeType objects of one library must not be used from two threads at once.
std::recursive_mutex& freetype_mutex() {
  static std::recursive_mutex m;
  return m;
}

FT_Library freetype() {
  static FT_Library library = [] {
    FT_Library l = nullptr;
    return FT_Init_FreeType(&l) == 0 ? l : nullptr;
  }();
  return library;
}

Result<int> write_application_form_pdf(const ApplicationFormContent& form, const std::filesystem::path& out,
                                       const PdfFont& font, Language lang) {
  std::lock_guard lock(freetype_mutex());
  if (!freetype()) return fail("FreeType cannot start");
  FT_Face face = nullptr;
  if (FT_New_Face(freetype(), font.file.c_str(), font.index, &face) != 0) return fail("cannot open font " + font.file.string());
  cairo_font_face_t* cf = cairo_ft_font_face_create_for_ft_face(face, 0);
  // Cairo may keep the face past our use of it: the FreeType face goes when Cairo lets it go.
  cairo_font_face_set_user_data(cf, &kFaceKey, face, [](void* f) {
    std::lock_guard inner(freetype_mutex());
    FT_Done_Face(static_cast<FT_Face>(f));
  });

  cairo_surface_t* surface = cairo_pdf_surface_create(out.c_str(), kPageW, kPageH);
  cairo_t* cr = cairo_create(surface);
  cairo_set_font_face(cr, cf);
  cairo_set_source_rgb(cr, 0, 0, 0);
  const int pages = Writer(cr, form, lang).run();
  cairo_show_page(cr);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t surface_status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  cairo_font_face_destroy(cf);
  if (status != CAIRO_STATUS_SUCCESS || surface_status != CAIRO_STATUS_SUCCESS) {
    return fail(std::string("cannot write PDF ") + out.string() + ": " +
                cairo_status_to_string(status != CAIRO_STATUS_SUCCESS ? status : surface_status));
  }
  return pages;
}

}  // namespace ow::receipt
