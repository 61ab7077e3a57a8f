#include "kiosk/catalog/jsonlogic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>

#include "base/json_number.hpp"
#include "drivers/idcard/id_number.hpp"
#include "kiosk/catalog/retirement.hpp"

namespace ow::catalog::jsonlogic {

namespace {
using nlohmann::json;

// Malformed rules unwind the recursive evaluation to apply()/check(), which turn them into values.
struct RuleError {
  std::string message;
};

[[noreturn]] void bad(const std::string& message) { throw RuleError{message}; }

// A number result as JSON: whole numbers stay integers so that {"+": "1"} reads back as 1.
json number(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return static_cast<long long>(d);
  if (!std::isfinite(d)) return nullptr;
  return d;
}

double to_number(const json& v) {
  switch (v.type()) {
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return v.get<double>();
    case json::value_t::boolean: return v.get<bool>() ? 1 : 0;
    case json::value_t::null: return 0;
    case json::value_t::string: {
      const std::string& s = v.get_ref<const std::string&>();
      const auto b = s.find_first_not_of(" \t\n\r"), e = s.find_last_not_of(" \t\n\r");
      if (b == std::string::npos) return 0;
      const std::string t = s.substr(b, e - b + 1);
      char* end = nullptr;
      double d = std::strtod(t.c_str(), &end);
      return end == t.c_str() + t.size() ? d : std::numeric_limits<double>::quiet_NaN();
    }
    case json::value_t::array:
      if (v.empty()) return 0;
      if (v.size() == 1) return to_number(v[0]);
      return std::numeric_limits<double>::quiet_NaN();
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

// JavaScript's String(v), which "cat" and loose comparisons use.
std::string to_js_string(const json& v) {
  switch (v.type()) {
    case json::value_t::string: return v.get<std::string>();
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return v.dump();
    case json::value_t::number_float: {
      const double d = v.get<double>();
      if (std::isnan(d)) return "NaN";
      if (d == std::floor(d) && std::fabs(d) < 1e21) return std::to_string(static_cast<long long>(d));
      char buf[32];
      for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (std::strtod(buf, nullptr) == d) break;
      }
      return buf;
    }
    case json::value_t::array: {
      std::string s;
      for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + (v[i].is_null() ? std::string() : to_js_string(v[i]));
      return s;
    }
    default: return "[object Object]";
  }
}

bool strict_equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() != b.type()) return false;
  if (a.is_array() || a.is_object()) return false;  // distinct objects in JavaScript
  return a == b;
}

bool loose_equal(const json& a, const json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if ((a.is_number() && b.is_number()) || a.type() == b.type()) return strict_equal(a, b);
  if (a.is_boolean()) return loose_equal(number(to_number(a)), b);
  if (b.is_boolean()) return loose_equal(a, number(to_number(b)));
  if (a.is_number() && b.is_string()) return a.get<double>() == to_number(b);
  if (a.is_string() && b.is_number()) return to_number(a) == b.get<double>();
  if (a.is_array() || a.is_object()) return loose_equal(json(to_js_string(a)), b);
  if (b.is_array() || b.is_object()) return loose_equal(a, json(to_js_string(b)));
  return false;
}

// JavaScript's relational comparison: two strings compare as text, anything else as numbers.
bool less(const json& a, const json& b, bool or_equal) {
  if (a.is_string() && b.is_string()) {
    const auto& x = a.get_ref<const std::string&>();
    const auto& y = b.get_ref<const std::string&>();
    return or_equal ? x <= y : x < y;
  }
  const double x = to_number(a), y = to_number(b);
  return or_equal ? x <= y : x < y;
}

json get_var(const json& data, const json& path_value, const json& fallback) {
  if (path_value.is_null()) return data;
  const std::string path = to_js_string(path_value);
  if (path.empty()) return data;
  const json* cur = &data;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto dot = path.find('.', start);
    const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (cur->is_object()) {
      auto it = cur->find(part);
      if (it == cur->end()) return fallback;
      cur = &*it;
    } else if (cur->is_array()) {
      char* end = nullptr;
      const unsigned long idx = std::strtoul(part.c_str(), &end, 10);
      if (part.empty() || *end != '\0' || idx >= cur->size()) return fallback;
      cur = &(*cur)[idx];
    } else {
      return fallback;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return *cur;
}

bool is_logic(const json& v) { return v.is_object() && v.size() == 1; }

std::string date_arg(const json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

// Civil date <-> day number (Howard Hinnant's days_from_civil).
long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

void civil_from_days(long z, long& y, unsigned& m, unsigned& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

struct Ymd {
  long y;
  unsigned m, d;
};

bool parse_ymd(const std::string& s, Ymd& out) {
  long days = 0;
  if (!parse_date(s, days)) return false;
  civil_from_days(days, out.y, out.m, out.d);
  return true;
}

unsigned month_length(long y, unsigned m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return kDays[m - 1] + (m == 2 && leap ? 1u : 0u);
}

// Whole months from a to b (negative when b is earlier), as people count birthdays.
long months_between(const Ymd& a, const Ymd& b) {
  long months = (b.y - a.y) * 12 + (static_cast<long>(b.m) - static_cast<long>(a.m));
  if (months > 0 && b.d < a.d && b.d < month_length(b.y, b.m)) --months;
  if (months < 0 && b.d > a.d) ++months;
  return months;
}

// The date n months after d; a day past the target month's end clamps to it (01-31 + 1 = 02-28).
std::string add_months(const Ymd& d, long n) {
  const long total = d.y * 12 + (d.m - 1) + n;
  const long y = total >= 0 ? total / 12 : (total - 11) / 12;
  const unsigned m = static_cast<unsigned>(total - y * 12 + 1);
  return format_date(days_from_civil(y, m, std::min(d.d, month_length(y, m))));
}

class Evaluator {
 public:
  explicit Evaluator(const Context& ctx) : ctx_(ctx) {}

  json eval(const json& logic, const json& data) {
    if (logic.is_array()) {
      json out = json::array();
      for (const auto& v : logic) out.push_back(eval(v, data));
      return out;
    }
    if (!is_logic(logic)) return logic;
    const std::string& op = logic.begin().key();
    const json& raw = logic.begin().value();
    const json args = raw.is_array() ? raw : json::array({raw});
    return op_(op, args, data);
  }

 private:
  json arg(const json& args, std::size_t i, const json& data) { return i < args.size() ? eval(args[i], data) : json(); }

  json op_(const std::string& op, const json& args, const json& data) {
    // Operations that control evaluation of their own arguments.
    if (op == "if" || op == "?:") {
      std::size_t i = 0;
      for (; i + 1 < args.size(); i += 2)
        if (truthy(eval(args[i], data))) return eval(args[i + 1], data);
      return i < args.size() ? eval(args[i], data) : json();
    }
    if (op == "or" || op == "and") {
      json v;
      for (const auto& a : args) {
        v = eval(a, data);
        if (truthy(v) == (op == "or")) return v;
      }
      return v;
    }
    if (op == "map" || op == "filter" || op == "all" || op == "none" || op == "some" || op == "reduce") {
      json items = arg(args, 0, data);
      if (!items.is_array()) items = json::array();
      const json body = args.size() > 1 ? args[1] : json();
      if (op == "reduce") {
        json acc = arg(args, 2, data);
        for (const auto& it : items) acc = eval(body, json{{"current", it}, {"accumulator", acc}});
        return acc;
      }
      if (op == "map") {
        json out = json::array();
        for (const auto& it : items) out.push_back(eval(body, it));
        return out;
      }
      if (op == "filter") {
        json out = json::array();
        for (const auto& it : items)
          if (truthy(eval(body, it))) out.push_back(it);
        return out;
      }
      if (op == "all") {
        if (items.empty()) return false;
        for (const auto& it : items)
          if (!truthy(eval(body, it))) return false;
        return true;
      }
      bool any = false;
      for (const auto& it : items) any = any || truthy(eval(body, it));
      return op == "some" ? any : !any;
    }

    json a = json::array();
    for (const auto& v : args) a.push_back(eval(v, data));
    auto at = [&](std::size_t i) { return i < a.size() ? a[i] : json(); };

    if (op == "var") return get_var(data, at(0), at(1));
    if (op == "missing") {
      const json keys = (!a.empty() && a[0].is_array()) ? a[0] : a;
      json out = json::array();
      for (const auto& k : keys) {
        const json v = get_var(data, k, json());
        if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) out.push_back(k);
      }
      return out;
    }
    if (op == "missing_some") {
      const double need = to_number(at(0));
      const json keys = at(1).is_array() ? at(1) : json::array();
      json missing = json::array();
      for (const auto& k : keys) {
        const json v = get_var(data, k, json());
        if (v.is_null() || (v.is_string() && v.get_ref<const std::string&>().empty())) missing.push_back(k);
      }
      return static_cast<double>(keys.size() - missing.size()) >= need ? json::array() : missing;
    }
    if (op == "==") return loose_equal(at(0), at(1));
    if (op == "!=") return !loose_equal(at(0), at(1));
    if (op == "===") return strict_equal(at(0), at(1));
    if (op == "!==") return !strict_equal(at(0), at(1));
    if (op == "!") return !truthy(at(0));
    if (op == "!!") return truthy(at(0));
    if (op == ">") return less(at(1), at(0), false);
    if (op == ">=") return less(at(1), at(0), true);
    if (op == "<" || op == "<=") {
      const bool eq = op == "<=";
      if (a.size() >= 3) return less(at(0), at(1), eq) && less(at(1), at(2), eq);
      return less(at(0), at(1), eq);
    }
    if (op == "max" || op == "min") {
      if (a.empty()) return nullptr;
      double best = to_number(a[0]);
      for (const auto& v : a) best = op == "max" ? std::max(best, to_number(v)) : std::min(best, to_number(v));
      return number(best);
    }
    if (op == "+" || op == "*") {
      double acc = op == "+" ? 0 : 1;
      for (const auto& v : a) acc = op == "+" ? acc + to_number(v) : acc * to_number(v);
      return number(acc);
    }
    if (op == "-") return a.size() == 1 ? number(-to_number(a[0])) : number(to_number(at(0)) - to_number(at(1)));
    if (op == "/") return number(to_number(at(0)) / to_number(at(1)));
    if (op == "%") return number(std::fmod(to_number(at(0)), to_number(at(1))));
    if (op == "cat") {
      std::string s;
      for (const auto& v : a) s += to_js_string(v);
      return s;
    }
    if (op == "substr") return substr(to_js_string(at(0)), at(1), at(2));
    if (op == "in") {
      if (at(1).is_string()) return at(1).get<std::string>().find(to_js_string(at(0))) != std::string::npos;
      if (at(1).is_array())
        for (const auto& v : at(1))
          if (strict_equal(v, at(0))) return true;
      return false;
    }
    if (op == "merge") {
      json out = json::array();
      for (const auto& v : a)
        if (v.is_array()) out.insert(out.end(), v.begin(), v.end());
        else out.push_back(v);
      return out;
    }
    if (op == "log") return at(0);
    return extra(op, a);
  }

  // Characters, not bytes: catalog text is UTF-8 Chinese.
  static json substr(const std::string& s, const json& start_v, const json& len_v) {
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < s.size(); ++i)
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
    const long n = static_cast<long>(starts.size());
    // NaN and huge numbers from a rule must not reach an undefined float-to-integer conversion.
    auto whole = [](double d) { return std::isnan(d) ? 0L : static_cast<long>(std::clamp(d, -1e12, 1e12)); };
    long b = whole(to_number(start_v));
    if (b < 0) b = std::max(0L, n + b);
    b = std::min(b, n);
    long e = n;
    if (!len_v.is_null()) {
      const long len = whole(to_number(len_v));
      e = len < 0 ? std::max(b, n + len) : std::min(n, b + len);
    }
    auto byte = [&](long i) { return i >= n ? s.size() : starts[static_cast<std::size_t>(i)]; };
    return s.substr(byte(b), byte(e) - byte(b));
  }

  json extra(const std::string& op, const json& a) {
    auto at = [&](std::size_t i) { return i < a.size() ? a[i] : json(); };
    if (op == "today") return ctx_.today;
    if (op == "id_number_valid") return at(0).is_string() && drivers::idcard::id_number_valid(at(0).get<std::string>());
    if (op == "credit_code_valid") return at(0).is_string() && credit_code_valid(at(0).get<std::string>());
    if (op == "age") {
      Ymd birth{}, when{};
      const std::string at_date = a.size() > 1 ? date_arg(at(1)) : ctx_.today;
      if (!parse_ymd(date_arg(at(0)), birth) || !parse_ymd(at_date, when)) return nullptr;
      return months_between(birth, when) / 12;
    }
    if (op == "retirement_date") {
      Ymd birth{};
      const auto category = json_int<int>(at(1));
      if (!parse_ymd(date_arg(at(0)), birth) || !category) return nullptr;
      const auto age = retirement::statutory_age(static_cast<int>(birth.y), static_cast<int>(birth.m), *category);
      if (!age) return nullptr;
      return add_months(birth, age->years * 12L + age->months);
    }
    if (op == "min_contribution_months") {
      Ymd d{};
      if (at(0).is_number_integer()) {
        const auto year = json_int<int>(at(0));
        return year ? json(retirement::min_contribution_months(*year)) : json(nullptr);
      }
      if (!parse_ymd(date_arg(at(0)), d)) return nullptr;
      return retirement::min_contribution_months(static_cast<int>(d.y));
    }
    if (op == "date_add") {
      Ymd d{};
      // Beyond a million units the result is no date a rule could mean; the bound also keeps the
      // double-to-integer conversion defined.
      if (!parse_ymd(date_arg(at(0)), d) || !at(1).is_number() || !(std::fabs(at(1).get<double>()) <= 1e6)) return nullptr;
      const long n = static_cast<long>(at(1).get<double>());
      const std::string unit = at(2).is_string() ? at(2).get<std::string>() : "day";
      if (unit == "day") return format_date(days_from_civil(d.y, d.m, d.d) + n);
      if (unit != "month" && unit != "year") bad("date_add: unit must be day, month or year");
      return add_months(d, unit == "year" ? n * 12 : n);
    }
    if (op == "date_diff") {
      Ymd x{}, y{};
      if (!parse_ymd(date_arg(at(0)), x) || !parse_ymd(date_arg(at(1)), y)) return nullptr;
      const std::string unit = at(2).is_string() ? at(2).get<std::string>() : "day";
      if (unit == "day") return days_from_civil(y.y, y.m, y.d) - days_from_civil(x.y, x.m, x.d);
      if (unit == "month") return months_between(x, y);
      if (unit == "year") return months_between(x, y) / 12;
      bad("date_diff: unit must be day, month or year");
    }
    bad("unknown operation \"" + op + "\"");
  }

  const Context& ctx_;
};

const std::map<std::string, std::pair<int, int>>& arities() {
  // Known operations with their minimum and maximum argument counts (-1: any).
  static const std::map<std::string, std::pair<int, int>> kOps = {
      {"var", {0, 2}},       {"missing", {0, -1}}, {"missing_some", {2, 2}}, {"if", {0, -1}},
      {"?:", {0, -1}},       {"==", {2, 2}},       {"!=", {2, 2}},           {"===", {2, 2}},
      {"!==", {2, 2}},       {"!", {1, 1}},        {"!!", {1, 1}},           {"or", {1, -1}},
      {"and", {1, -1}},      {">", {2, 2}},        {">=", {2, 2}},           {"<", {2, 3}},
      {"<=", {2, 3}},        {"max", {0, -1}},     {"min", {0, -1}},         {"+", {0, -1}},
      {"*", {1, -1}},        {"-", {1, 2}},        {"/", {2, 2}},            {"%", {2, 2}},
      {"cat", {0, -1}},      {"substr", {2, 3}},   {"in", {2, 2}},           {"merge", {0, -1}},
      {"log", {1, 1}},       {"map", {2, 2}},      {"filter", {2, 2}},       {"reduce", {2, 3}},
      {"all", {2, 2}},       {"none", {2, 2}},     {"some", {2, 2}},         {"today", {0, 0}},
      {"age", {1, 2}},       {"date_add", {3, 3}}, {"date_diff", {3, 3}},    {"id_number_valid", {1, 1}},
      {"credit_code_valid", {1, 1}}, {"retirement_date", {2, 2}}, {"min_contribution_months", {1, 1}}};
  return kOps;
}

void check_node(const json& logic, const std::string& path) {
  if (logic.is_array()) {
    for (std::size_t i = 0; i < logic.size(); ++i) check_node(logic[i], path + "[" + std::to_string(i) + "]");
    return;
  }
  if (!logic.is_object()) return;
  if (logic.size() != 1) bad(path + ": an operation is an object with exactly one key");
  const std::string& op = logic.begin().key();
  const json& raw = logic.begin().value();
  const auto it = arities().find(op);
  if (it == arities().end()) bad(path + ": unknown operation \"" + op + "\"");
  const int n = raw.is_array() ? static_cast<int>(raw.size()) : 1;
  const auto [lo, hi] = it->second;
  if (n < lo || (hi >= 0 && n > hi))
    bad(path + ": \"" + op + "\" takes " + std::to_string(lo) + (hi == lo ? "" : hi < 0 ? " or more" : "–" + std::to_string(hi)) +
        " argument(s), not " + std::to_string(n));
  check_node(raw, path + "." + op);
}
}  // namespace

bool truthy(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return false;
    case json::value_t::boolean: return v.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: {
      const double d = v.get<double>();
      return d != 0 && !std::isnan(d);
    }
    case json::value_t::string: return !v.get_ref<const std::string&>().empty();
    case json::value_t::array: return !v.empty();
    default: return true;
  }
}

Result<json> apply(const json& logic, const json& data, const Context& ctx) {
  try {
    return Evaluator(ctx).eval(logic, data);
  } catch (const RuleError& e) {
    return fail(e.message);
  }
}

Result<void> check(const json& logic) {
  try {
    check_node(logic, "$");
  } catch (const RuleError& e) {
    return fail(e.message);
  }
  return {};
}

bool credit_code_valid(const std::string& code) {
  static constexpr char kChars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (code.size() != 18) return false;
  auto value = [](char c) {
    for (int i = 0; i < 31; ++i)
      if (kChars[i] == c) return i;
    return -1;
  };
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const int v = value(code[i]);
    if (v < 0) return false;
    sum += v * kWeights[i];
  }
  return kChars[(31 - sum % 31) % 31] == code[17];
}

bool parse_date(const std::string& s, long& days) {
  std::string digits;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') digits = s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
  else if (s.size() == 8) digits = s;
  else return false;
  if (!drivers::idcard::yyyymmdd_valid(digits)) return false;
  days = days_from_civil(std::stol(digits.substr(0, 4)), static_cast<unsigned>(std::stoi(digits.substr(4, 2))),
                         static_cast<unsigned>(std::stoi(digits.substr(6, 2))));
  return true;
}

std::string format_date(long days) {
  long y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04ld-%02u-%02u", y, m, d);
  return buf;
}

}  // namespace ow::catalog::jsonlogic
