#include "kiosk/receipt/paper_render.hpp"

#include <algorithm>

#include "kiosk/receipt/qr_raster.hpp"

namespace ow::receipt {

namespace pr = drivers::printer;

namespace {

constexpr int kMargin = 8;  // dots left and right: the head's outermost dots print unevenly

struct Face {
  int px;
  bool bold;
};

Face face_for(TextStyle s) {
  switch (s) {
    case TextStyle::Small: return {20, false};
    case TextStyle::Normal: return {24, false};
    case TextStyle::Bold: return {24, true};
    case TextStyle::Large: return {36, true};
  }
  return {24, false};
}

// QR module size so the code is about half the paper wide, and never below 3 dots (scanners).
int qr_module_dots(int width_dots, std::size_t data_bytes) {
  const int modules = 21 + 4 * static_cast<int>(std::min<std::size_t>(data_bytes / 20, 10)) + 8;
  return std::clamp(width_dots / 2 / modules, 3, 8);
}

void place(pr::Raster& paper, const pr::Raster& image, int x, int y) {
  for (int yy = 0; yy < image.height; ++yy)
    for (int xx = 0; xx < image.width; ++xx)
      if (image.get(xx, yy)) paper.set(x + xx, y + yy);
}

// An image as wide as the paper with `image` centred in it (GS v 0 has no horizontal offset).
pr::Raster centred_on_paper(const pr::Raster& image, int width_dots) {
  pr::Raster out(width_dots, image.height);
  place(out, image, std::max(0, (width_dots - image.width) / 2), 0);
  return out;
}

}  // namespace

std::vector<std::string> wrap_by_columns(const std::string& text, int columns) {
  return wrap_text(text, columns, [](std::string_view, char32_t cp) { return cp < 0x80 ? 1 : 2; });
}

Result<pr::Raster> render_raster(const Layout& layout, int width_dots, Font& font) {
  if (width_dots < 128) return fail("paper narrower than 128 dots");
  pr::Raster paper(width_dots, 0);
  int y = kMargin;
  const int usable = width_dots - 2 * kMargin;
  for (const LayoutItem& item : layout.items) {
    if (const Line* line = std::get_if<Line>(&item)) {
      const Face f = face_for(line->style);
      const int indent = line->indent * f.px;
      auto measure = [&](std::string_view piece, char32_t) { return font.text_width(piece, f.px); };
      for (const std::string& row : wrap_text(line->text, usable - indent, measure)) {
        const int w = font.text_width(row, f.px);
        int x = kMargin + indent;
        if (line->align == Align::Center) x = (width_dots - w) / 2;
        if (line->align == Align::Right) x = width_dots - kMargin - w;
        const int height = f.px + f.px / 3;
        paper.resize_height(y + height);
        font.draw(paper, std::max(0, x), y, row, f.px, f.bold);
        y += height;
      }
    } else if (const QrItem* qr = std::get_if<QrItem>(&item)) {
      auto code = qr_raster(qr->data, qr_module_dots(width_dots, qr->data.size()));
      if (!code) return tl::unexpected(code.error());
      if (code->width > width_dots) return fail("QR code wider than the paper");
      paper.resize_height(y + code->height);
      place(paper, *code, (width_dots - code->width) / 2, y);
      y += code->height;
    } else if (std::holds_alternative<Rule>(item)) {
      paper.resize_height(y + 16);
      for (int x = kMargin; x < width_dots - kMargin; x += 12) paper.fill_rect(x, y + 7, 8, 2);
      y += 16;
    } else if (const Gap* gap = std::get_if<Gap>(&item)) {
      y += std::max(0, gap->dots);
      paper.resize_height(y);
    }
  }
  paper.resize_height(y + kMargin);
  return paper;
}

Result<pr::PrintJob> to_print_job(const Layout& layout, const PaperOptions& options, Font& font) {
  pr::PrintJob job{layout.kind, {}};
  if (options.mode == PrintMode::Raster) {
    auto image = render_raster(layout, options.width_dots, font);
    if (!image) return tl::unexpected(image.error());
    job.blocks.emplace_back(pr::Image{std::move(*image)});
    job.blocks.emplace_back(pr::Cut{pr::CutKind::Partial});
    return job;
  }
  const int columns = options.width_dots / 12;  // font A: 12 × 24 dots, CJK 24 × 24
  for (const LayoutItem& item : layout.items) {
    if (const Line* line = std::get_if<Line>(&item)) {
      const int scale = line->style == TextStyle::Large ? 2 : 1;
      const std::string indent(static_cast<std::size_t>(line->indent) * 2, ' ');
      for (const std::string& row : wrap_by_columns(line->text, columns / scale - static_cast<int>(indent.size()))) {
        job.blocks.emplace_back(pr::TextLine{indent + row, line->align, scale,
                                             line->style == TextStyle::Bold || line->style == TextStyle::Large});
      }
    } else if (const QrItem* qr = std::get_if<QrItem>(&item)) {
      const int module = qr_module_dots(options.width_dots, qr->data.size());
      if (options.printer_qr) {
        job.blocks.emplace_back(pr::QrCode{qr->data, module, pr::QrEcc::M});
      } else {
        auto code = qr_raster(qr->data, module);
        if (!code) return tl::unexpected(code.error());
        job.blocks.emplace_back(pr::Image{centred_on_paper(*code, options.width_dots)});
      }
    } else if (std::holds_alternative<Rule>(item)) {
      job.blocks.emplace_back(pr::TextLine{std::string(static_cast<std::size_t>(columns), '-'), Align::Left, 1, false});
    } else if (const Gap* gap = std::get_if<Gap>(&item)) {
      if (gap->dots >= 15) job.blocks.emplace_back(pr::Feed{(gap->dots + 15) / 30});
    }
  }
  job.blocks.emplace_back(pr::Feed{1});
  job.blocks.emplace_back(pr::Cut{pr::CutKind::Partial});
  return job;
}

}  // namespace ow::receipt
