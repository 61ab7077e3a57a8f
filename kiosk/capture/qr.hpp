#pragma once
// QR codes in camera frames (ZXing-C++). Returns raw payloads; validate them before use with
// classify_qr (qr_payload.hpp) or, for identity credentials, validate_qr_credential. On a live
// camera use QrReader (qr_reader.hpp), which runs this on its own thread.
#include <string>
#include <vector>

#include "kiosk/capture/image_view.hpp"

namespace ow::capture {

// The payload bytes of every QR code found (at most 4). Large frames are
// downscaled for speed; an unusable view gives none.
std::vector<std::string> decode_qr(const ImageView& image);

}  // namespace ow::capture
