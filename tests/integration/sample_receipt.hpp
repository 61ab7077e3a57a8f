#pragma once
// The receipt the printer integration test and bench_printer put on paper: a full one (deferred
// materials, delivery, a QR code), whose receipt number, masked ID number and query URL the test
// looks for in what the simulator printed.
#include <chrono>

#include "kiosk/receipt/receipt_layout.hpp"

namespace ow::test {

inline receipt::ReceiptContent sample_receipt() {
  receipt::ReceiptContent c;
  c.hall_name = "城关镇便民服务中心";
  c.matter_name = "城乡居民基本养老保险参保登记";
  c.receipt_no = "SL20261122000123";
  c.id_number = "11010519491231002X";
  c.applicant_name = "张三丰";
  c.submitted_at = std::chrono::system_clock::now();
  c.promised_date = "2026-12-04";
  c.deferred = {{"户口簿复印件", "2026-11-29"}, {"银行卡（存折）复印件", ""}};
  c.delivery = "窗口领取";
  c.query_url = "https://zwfw.example.gov.cn/q?r=SL20261122000123";
  c.hotline = "12345";
  return c;
}

}  // namespace ow::test
