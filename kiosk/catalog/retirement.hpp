#pragma once
// China's statutory retirement age since 2025-01-01, as the 2024 NPC Standing Committee decision on
// the gradual raise (《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》) and the State
// Council's measures attached to it set it: the age rises by birth month from the old age (men 60;
// women 55 in managerial and professional posts; women 50 otherwise) — one month for every four
// months of births from 1965-01 (men, to 63) and 1970-01 (women 55, to 58), one month for every two
// months of births from 1975-01 (women 50, to 55). The minimum contribution for a monthly pension
// stays 15 years until 2029 and rises by six months a year from 2030 to 20 years.
#include <optional>

namespace ow::catalog::retirement {

struct Age {
  int years = 0;
  int months = 0;
};

// The statutory retirement age of someone born in `year`-`month` whose old statutory age was
// `original_age` (60, 55 or 50); nullopt for any other original age.
std::optional<Age> statutory_age(int year, int month, int original_age);

// Months of contributions needed for a monthly pension when retiring in `year`.
int min_contribution_months(int year);

}  // namespace ow::catalog::retirement
