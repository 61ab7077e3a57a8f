#pragma once
// 扫码登录.
namespace ow::intent {
struct StartQrLogin {};  // 扫码登录 on the attract screen
struct UseIdCard {};     // leave the QR login for the ID card
}  // namespace ow::intent
