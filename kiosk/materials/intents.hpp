#pragma once
// Handing in the materials: pages under the document camera, an electronic licence, 容缺, or 告知承诺.
#include <string>

namespace ow::intent {
struct CaptureMaterial { std::string code; };
struct Shutter {};                           // take the page in view now
struct FinishCapture {};                     // keep the pages taken, close the camera
struct UseLicence { std::string code; };     // the platform fetches the electronic licence instead
struct DeferMaterial { std::string code; };  // the citizen accepts the 容缺 commitment
struct PromiseMaterial { std::string code; };  // the citizen signs the 告知承诺 instead of the proof
struct ClearMaterial { std::string code; };  // start this material again
}  // namespace ow::intent
