#pragma once
// Finding what to apply for: themes, featured bundles, search, the guide, the one-time notice.
#include <cstddef>
#include <string>

#include "base/secret_payload.hpp"

#include "kiosk/catalog/catalog.hpp"

namespace ow::intent {
struct ChooseAudience { catalog::Audience audience; };  // home: 个人 / 法人
struct ChooseCategory { std::string name; };            // home: a theme's matters; empty: back to the themes
struct ChooseMatter { std::string code; };              // opens the matter's detail
struct ChooseBundle { std::string code; };              // opens the bundle's detail
struct OpenSearch {};
struct SetSearch { SecretPayload text; };                 // the query as typed so far
struct OpenGuide { std::string code; };                 // a guide tree; empty: the list of them
struct GuideAnswer { std::size_t option; };             // an option of the question shown
struct StartApplication {};                             // 开始办理 from the detail
struct PrintChecklist {};                               // 打印清单 from the detail
}  // namespace ow::intent
