#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk/receipt/paper_render.hpp"
#include "kiosk/receipt/receipt_layout.hpp"

using namespace ow;
using namespace ow::receipt;

namespace {

Font& font() {
  static auto f = Font::load("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2);
  REQUIRE(f);
  return **f;
}

ReceiptContent sample() {
  ReceiptContent c;
  c.hall_name = "城关镇便民服务中心";
  c.matter_name = "城乡居民基本养老保险参保登记（含待遇领取资格认证及个人账户一次性支付申请）";
  c.receipt_no = "0001632600017";
  c.id_number = "11010519491231002X";
  c.applicant_name = "欧阳娜娜";
  c.promised_date = "2026-12-04";
  c.deferred = {{"户口簿复印件", "2026-11-29"}};
  c.query_url = "https://zwfw.example.gov.cn/q?r=0001632600017";
  c.hotline = "12345";
  return c;
}

bool contains(const std::vector<std::string>& runs, const std::string& s) {
  return std::any_of(runs.begin(), runs.end(), [&](const std::string& r) { return r.find(s) != std::string::npos; });
}

}  // namespace

TEST_CASE("names keep only their first and last characters") {
  CHECK(mask_name("张三") == "张*");
  CHECK(mask_name("张三丰") == "张*丰");
  CHECK(mask_name("欧阳娜娜") == "欧**娜");
  CHECK(mask_name("李") == "李");
  CHECK(mask_name("") == "");
}

TEST_CASE("the receipt layout shows masked personal data and the deferred-material promise") {
  const auto runs = text_runs(layout_receipt(sample()));
  CHECK(contains(runs, "受理编号：0001 6326 0001 7"));  // in groups, to read and type
  CHECK(contains(runs, "110105********002X"));
  CHECK(contains(runs, "欧**娜"));
  CHECK_FALSE(contains(runs, "欧阳娜娜"));
  CHECK_FALSE(contains(runs, "11010519491231002X"));
  CHECK(contains(runs, "户口簿复印件"));
  CHECK(contains(runs, "请于 2026-11-29 前补交"));
  CHECK(contains(runs, "承诺办结：2026-12-04 前"));
  CHECK_FALSE(contains(runs, "遇法定节假日顺延"));
  CHECK(contains(runs, "12345"));
  const auto english = text_runs(layout_receipt(sample(), Language::English));
  CHECK(contains(english, "Receipt no.: 0001 6326 0001 7"));
}

TEST_CASE("a proof replaced by a signed 告知承诺 is named on the receipt with the check that follows") {
  ReceiptContent c = sample();
  CHECK_FALSE(contains(text_runs(layout_receipt(c)), "告知承诺"));
  c.promised = {"解除或终止劳动关系证明"};
  const auto runs = text_runs(layout_receipt(c));
  CHECK(contains(runs, "以下证明以您签署的告知承诺代替"));
  CHECK(contains(runs, "1. 解除或终止劳动关系证明"));
  CHECK(contains(runs, "部门将核查承诺内容"));
}

TEST_CASE("the receipt's QR code carries the receipt number's digits; an older number prints as it is") {
  const Layout l = layout_receipt(sample());
  const auto qr = std::find_if(l.items.begin(), l.items.end(), [](const LayoutItem& i) { return std::holds_alternative<QrItem>(i); });
  REQUIRE(qr != l.items.end());
  CHECK(std::get<QrItem>(*qr).data == "https://zwfw.example.gov.cn/q?r=0001632600017");
  ReceiptContent old = sample();
  old.receipt_no = "KIOSK-DEV-0001-20261206-0001";
  CHECK(contains(text_runs(layout_receipt(old)), "受理编号：KIOSK-DEV-0001-20261206-0001"));
}

TEST_CASE("printer text wraps by columns, CJK counting two, without leading punctuation") {
  const auto rows = wrap_by_columns("一二三四五，六七", 10);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == "一二三四");
  CHECK(rows[1] == "五，六七");
  const auto latin = wrap_by_columns("hello wonderful world", 15);
  REQUIRE(latin.size() == 2);
  CHECK(latin[0] == "hello wonderful");
  CHECK(latin[1] == "world");
  const auto url = wrap_by_columns("https://zwfw.example.gov.cn/q?r=1", 12);  // no space: cut anywhere
  CHECK(url.size() == 3);
}

TEST_CASE("text-mode jobs never exceed the paper's columns") {
  for (int width : {384, 576}) {
    auto job = to_print_job(layout_receipt(sample()), {width, PrintMode::Text, true}, font());
    REQUIRE(job);
    int qr = 0;
    for (const auto& block : job->blocks) {
      if (const auto* line = std::get_if<drivers::printer::TextLine>(&block)) {
        int cols = 0;
        for (std::size_t i = 0; i < line->text.size();) cols += next_code_point(line->text, i) < 0x80 ? 1 : 2;
        CHECK(cols * line->scale <= width / 12);
      }
      qr += std::holds_alternative<drivers::printer::QrCode>(block) ? 1 : 0;
    }
    CHECK(qr == 1);
    CHECK(std::holds_alternative<drivers::printer::Cut>(job->blocks.back()));
  }
}

TEST_CASE("raster receipts are the paper's width, draw the CJK text, and wrap long matter names") {
  auto text_only = sample();
  text_only.query_url.clear();  // the QR code is drawn larger on wider paper
  auto narrow = render_raster(layout_receipt(text_only), 384, font());
  auto wide = render_raster(layout_receipt(text_only), 576, font());
  REQUIRE(narrow);
  REQUIRE(wide);
  CHECK(narrow->width == 384);
  CHECK(wide->width == 576);
  CHECK(narrow->height > wide->height);  // more wrapped lines on narrow paper
  // Ink in the margins would mean a line ran off the paper.
  for (const auto* r : {&*narrow, &*wide}) {
    int black = 0, in_margin = 0;
    for (int y = 0; y < r->height; ++y)
      for (int x = 0; x < r->width; ++x)
        if (r->get(x, y)) {
          ++black;
          if (x < 4 || x >= r->width - 4) ++in_margin;
        }
    CHECK(black > 10000);
    CHECK(in_margin == 0);
  }
}

TEST_CASE("the checklist and the queue ticket use the same engine") {
  ChecklistContent c{"便民服务中心", "居民身份证换领", {{"户口簿", true, 1, "需本人页"}, {"近期免冠照片", false, 0, ""}}, {}, "12345"};
  const auto runs = text_runs(layout_checklist(c));
  CHECK(contains(runs, "一次性告知单"));
  CHECK(contains(runs, "1. 户口簿（原件，复印件 1 份）"));
  CHECK(contains(runs, "2. 近期免冠照片"));
  QueueTicketContent t{"便民服务中心", "A018", "社保医保", 3, {}};
  const auto ticket = text_runs(layout_queue_ticket(t));
  CHECK(contains(ticket, "A018"));
  CHECK(contains(ticket, "您前面还有 3 人等候"));
  auto job = to_print_job(layout_queue_ticket(t), {576, PrintMode::Raster, true}, font());
  REQUIRE(job);
  CHECK(job->kind == "ticket");
}
