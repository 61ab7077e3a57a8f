#include "kiosk/capture/capture_messages.hpp"

namespace ow::capture {

Str message(DocReason r) {
  switch (r) {
    case DocReason::Ok: return Str::CaptureDocHoldStill;
    case DocReason::PageNotFound: return Str::CaptureDocNotFound;
    case DocReason::PageCutOff: return Str::CaptureDocCutOff;
    case DocReason::PageTooSmall: return Str::CaptureDocTooSmall;
    case DocReason::TooDark: return Str::CaptureDocTooDark;
    case DocReason::TooBright: return Str::CaptureDocTooBright;
    case DocReason::Glare: return Str::CaptureDocGlare;
    case DocReason::TooBlurred: return Str::CaptureDocBlurred;
    case DocReason::BadImage: return Str::CaptureDocBadImage;
  }
  return Str::CaptureDocBadImage;
}

Str message(FaceReason r) {
  switch (r) {
    case FaceReason::Ok: return Str::CaptureFaceOk;
    case FaceReason::NoFace: return Str::CaptureFaceNone;
    case FaceReason::MultipleFaces: return Str::CaptureFaceMultiple;
    case FaceReason::NotCentred: return Str::CaptureFaceNotCentred;
    case FaceReason::TooFar: return Str::CaptureFaceTooFar;
    case FaceReason::TooClose: return Str::CaptureFaceTooClose;
    case FaceReason::TooBlurred: return Str::CaptureFaceBlurred;
    case FaceReason::TooDark: return Str::CaptureFaceTooDark;
    case FaceReason::TooBright: return Str::CaptureFaceTooBright;
    case FaceReason::UnevenLight: return Str::CaptureFaceUneven;
    case FaceReason::BadImage: return Str::CaptureCameraOffline;
  }
  return Str::CaptureCameraOffline;
}

Str message(drivers::scanner::ScanFault f) {
  using drivers::scanner::ScanFault;
  switch (f) {
    case ScanFault::Jammed: return Str::ScanJammed;
    case ScanFault::NoDocument: return Str::ScanNoDocument;
    case ScanFault::CoverOpen: return Str::ScanCoverOpen;
    case ScanFault::Busy: return Str::ScanBusy;
    case ScanFault::Cancelled: return Str::ScanCancelled;
    // The rest need a technician; the citizen is told to ask the staff.
    case ScanFault::None:
    case ScanFault::Locked:
    case ScanFault::IoError:
    case ScanFault::NoMemory:
    case ScanFault::AccessDenied:
    case ScanFault::Unsupported:
    case ScanFault::InvalidOption:
    case ScanFault::NoDevice: return Str::ScanUnavailable;
  }
  return Str::ScanUnavailable;
}

Str message(QrRejection, QrExpect expected) {
  return expected == QrExpect::Receipt ? Str::QrNotReceipt : Str::QrNotCredential;
}

std::string guidance(const DocumentOverlay& o) {
  if (!o.camera_online) return tr(Str::CaptureCameraOffline);
  if (o.capturing) return tr(Str::CaptureDocCapturing);
  if (o.waiting_for_next_page) return trf(Str::CaptureDocNextPage, static_cast<int>(o.pages));
  if (o.last_failure && o.reason != DocReason::Ok) return tr(message(*o.last_failure));
  return tr(message(o.reason));
}

}  // namespace ow::capture
