#pragma once
// The screen flow in one table: for every screen, the feature that decides what happens on it
// (Back, Next, Finish and device events go to that feature first), what 取消 does there, whether the
// idle timeout runs and a card is wanted, and which screens may follow it. A move the table does not
// allow is refused and logged (and stops a test build), so a wrong transition cannot hide.
#include <array>
#include <initializer_list>
#include <string_view>

#include "kiosk/session/session.hpp"
#include "kiosk/strings.hpp"

namespace ow {

enum class Feature { Session, Find, Application, Materials, Face, Review, Receipt, Rating, Progress, Hall, QrLogin };
std::string_view feature_name(Feature f);

// What 取消 does on a screen: nothing to lose yet (end at once), ask once first, or not offered.
enum class CancelPolicy { EndsAtOnce, AsksFirst, NotOffered };

struct ScreenRule {
  ScreenId screen;
  Feature owner;
  CancelPolicy cancel;
  bool wants_card;  // the card reader polls here: a card could start or identify something
  Str voice;        // 长辈模式's spoken instruction
  std::initializer_list<ScreenId> next;  // screens this one may lead to (the attract screen always)
};

const ScreenRule& screen_rule(ScreenId screen);
// The attract screen is always allowed (a session may end anywhere), and so is staying.
bool transition_allowed(ScreenId from, ScreenId to);

}  // namespace ow
