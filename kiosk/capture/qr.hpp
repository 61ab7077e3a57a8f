#pragma once
// QR codes in camera frames (ZXing-C++). Returns raw payloads; validate them with classify_qr
// (qr_payload.hpp) before use.
#include <string>
#include <vector>

#include "kiosk/capture/image_view.hpp"

namespace ow::capture {

// The payload bytes of every QR code found (at most 4). Large frames are
// downscaled for speed; an unusable view gives none.
std::vector<std::string> decode_qr(const ImageView& image);

}  // namespace ow::capture
