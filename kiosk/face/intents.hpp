#pragma once
// The applicant's photo, for matters that check the face.
namespace ow::intent {
struct FaceAgree {};     // the separate consent to capture the face for this matter
struct FaceDecline {};   // no face capture: the citizen is sent to a staff window
struct FaceShutter {};   // 拍照: take the photo now (only when the face is good)
struct FaceRetake {};    // 重拍: drop the photo taken and look again
struct FaceUsePhoto {};  // 使用这张照片: keep the photo for the submission (and verify it, for 实人核验)
struct FaceRetryLiveness {};  // 再试一次: a new liveness challenge after one that timed out
}  // namespace ow::intent
