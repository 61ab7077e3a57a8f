#pragma once
// The liveness challenges of 实人核验 (kiosk/capture/liveness): what the citizen is asked to do.
#include <span>
#include <string_view>

namespace ow::capture {

enum class LivenessChallenge { Blink, TurnLeft, TurnRight };
inline constexpr LivenessChallenge kLivenessChallenges[] = {LivenessChallenge::Blink, LivenessChallenge::TurnLeft,
                                                            LivenessChallenge::TurnRight};
std::string_view to_string(LivenessChallenge c);  // blink, turn_left, turn_right (the platform's words)
// One of `allowed` (all three when empty), uniformly, from libsodium's generator.
LivenessChallenge random_challenge(std::span<const LivenessChallenge> allowed = {});

}  // namespace ow::capture
