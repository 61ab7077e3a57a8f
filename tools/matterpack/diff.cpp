#include "tools/matterpack/diff.hpp"

#include <algorithm>

#include "kiosk/catalog/bundle.hpp"

namespace ow::matterpack {

namespace {
using namespace ow::catalog;
using Lines = std::vector<std::string>;

// The words operators read: what a citizen sees on the detail screen, the form and the checklist.
std::string q(const std::string& s) { return "「" + s + "」"; }

std::string join(const std::vector<std::string>& parts, const char* sep = "、") {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string words(Necessity n) {
  switch (n) {
    case Necessity::Required: return "必交";
    case Necessity::Optional: return "可不交";
    case Necessity::Deferrable: return "可容缺后补";
  }
  return "";
}

std::string words(MaterialForm f) {
  switch (f) {
    case MaterialForm::Original: return "原件";
    case MaterialForm::Copy: return "复印件";
    case MaterialForm::Electronic: return "电子版";
  }
  return "";
}

std::string words(const TimeLimit& t) {
  switch (t.unit) {
    case TimeUnit::WorkingDay: return std::to_string(t.value) + " 个工作日";
    case TimeUnit::NaturalDay: return std::to_string(t.value) + " 个自然日";
    case TimeUnit::Month: return std::to_string(t.value) + " 个月";
  }
  return "";
}

std::string deferral_words(const Material& m) { return m.deferral_until_result ? "领取办理结果前" : words(m.deferral); }

// An empty list is one way only: at the window (what the kiosk assumes).
std::string words(const std::vector<Delivery>& ds) {
  std::vector<std::string> parts;
  for (Delivery d : ds) parts.push_back(d == Delivery::Window ? "窗口领取" : d == Delivery::Mail ? "邮寄" : "电子送达");
  return parts.empty() ? "窗口领取" : join(parts);
}

std::string fee_words(const std::string& fee) { return fee.empty() ? "免费" : fee; }

bool same(const TimeLimit& a, const TimeLimit& b) { return a.value == b.value && a.unit == b.unit; }

template <class T, class Key>
const T* by(const std::vector<T>& items, const std::string& id, Key key) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return key(x) == id; });
  return it == items.end() ? nullptr : &*it;
}

void diff_fields(const std::vector<FormField>& before, const std::vector<FormField>& after, Lines& out) {
  const auto key = [](const FormField& f) { return f.key; };
  for (const auto& b : after) {
    const FormField* a = by(before, b.key, key);
    if (!a) {
      out.push_back("新增填写项" + q(b.label) + (b.required ? "（必填）" : "（选填）"));
      continue;
    }
    if (a->label != b.label) out.push_back("填写项" + q(a->label) + "改名为" + q(b.label));
    if (a->required != b.required) out.push_back("填写项" + q(b.label) + (b.required ? "改为必填" : "改为选填"));
    if (a->options != b.options)
      out.push_back("填写项" + q(b.label) + "的选项：" + q(join(a->options)) + " → " + q(join(b.options)));
  }
  for (const auto& a : before)
    if (!by(after, a.key, key)) out.push_back("不再填写" + q(a.label));
}

void diff_materials(const std::vector<Material>& before, const std::vector<Material>& after, Lines& out) {
  const auto key = [](const Material& m) { return m.code; };
  for (const auto& b : after) {
    const Material* a = by(before, b.code, key);
    if (!a) {
      out.push_back("新增材料" + q(b.name) + "（" + words(b.necessity) + "，" + words(b.form) + " " +
                    std::to_string(b.copies) + " 份）");
      continue;
    }
    const std::string name = q(b.name);
    if (a->name != b.name) out.push_back("材料" + q(a->name) + "改名为" + name);
    if (a->necessity != b.necessity) out.push_back("材料" + name + "：" + words(a->necessity) + " → " + words(b.necessity));
    if (a->form != b.form) out.push_back("材料" + name + "：" + words(a->form) + " → " + words(b.form));
    if (a->copies != b.copies)
      out.push_back("材料" + name + "份数：" + std::to_string(a->copies) + " 份 → " + std::to_string(b.copies) + " 份");
    if (a->necessity == Necessity::Deferrable && b.necessity == Necessity::Deferrable) {
      if (deferral_words(*a) != deferral_words(b))
        out.push_back("材料" + name + "补交期限：" + deferral_words(*a) + " → " + deferral_words(b));
      if (a->commitment != b.commitment) out.push_back("材料" + name + "的容缺承诺改为：" + q(b.commitment));
    }
    if (a->promise != b.promise)
      out.push_back(b.promise.empty() ? "材料" + name + "不再可以告知承诺代替"
                                      : "材料" + name + "可以告知承诺代替，承诺内容：" + q(b.promise));
    if (a->when != b.when) out.push_back("材料" + name + "在什么情况下要交，规则有改动");
  }
  for (const auto& a : before)
    if (!by(after, a.code, key)) out.push_back("不再需要材料" + q(a.name));
}

// Rules have no name of their own: the sentence a citizen reads when one fails identifies it, and
// a new sentence on the same logic is that rule reworded.
void diff_rules(const std::vector<Rule>& before, const std::vector<Rule>& after, Lines& out) {
  const auto key = [](const Rule& r) { return r.message; };
  std::vector<const Rule*> gone;
  for (const auto& a : before)
    if (!by(after, a.message, key)) gone.push_back(&a);
  for (const auto& b : after) {
    const Rule* a = by(before, b.message, key);
    if (a) {
      if (a->logic != b.logic) out.push_back("办理条件" + q(b.message) + "的判断规则有改动");
      continue;
    }
    auto same_logic = std::find_if(gone.begin(), gone.end(), [&](const Rule* g) { return g->logic == b.logic; });
    if (same_logic == gone.end()) {
      out.push_back("新增办理条件：" + q(b.message));
      continue;
    }
    out.push_back("办理条件的说法：" + q((*same_logic)->message) + " → " + q(b.message));
    gone.erase(same_logic);
  }
  for (const Rule* a : gone) out.push_back("取消办理条件：" + q(a->message));
}

// Everything of one application (a matter, or a bundle merged into one) that a citizen meets.
void diff_application(const Matter& a, const Matter& b, Lines& out) {
  if (a.name != b.name) out.push_back("名称：" + q(a.name) + " → " + q(b.name));
  if (a.self_service != b.self_service)
    out.push_back(b.self_service ? "改为可在一体机自助办理" : "改为不能在一体机自助办理（一体机上不再显示）");
  diff_rules(a.eligibility, b.eligibility, out);
  diff_fields(a.fields, b.fields, out);
  diff_materials(a.materials, b.materials, out);
  if (a.fee != b.fee) out.push_back("收费：" + fee_words(a.fee) + " → " + fee_words(b.fee));
  if (!same(a.promised_limit, b.promised_limit))
    out.push_back("承诺办结时限：" + words(a.promised_limit) + " → " + words(b.promised_limit));
  if (!same(a.legal_limit, b.legal_limit))
    out.push_back("法定办结时限：" + words(a.legal_limit) + " → " + words(b.legal_limit));
  if (words(a.result.delivery) != words(b.result.delivery))
    out.push_back("办理结果领取方式：" + words(a.result.delivery) + " → " + words(b.result.delivery));
  if (a.instant_approval != b.instant_approval)
    out.push_back(b.instant_approval ? "改为当场审批（秒批）" : "不再当场审批（秒批）");
  if (a.face_verification != b.face_verification)
    out.push_back(b.face_verification ? "改为需要刷脸核验" : "不再需要刷脸核验");
  if (a.identity != b.identity) {
    static const char* const kWords[] = {"手工填写姓名和身份证号", "读取证件", "读取证件并实人核验"};
    out.push_back(std::string("办理人身份：") + kWords[static_cast<int>(a.identity)] + " → " + kWords[static_cast<int>(b.identity)]);
  }
}

std::string matter_title(const Matter& m) { return q(m.name) + "（" + m.code + "）"; }
std::string bundle_title(const Bundle& b) { return q(b.name) + "（" + b.code + "）"; }

std::string step_names(const Catalog& c, const Bundle& b) {
  std::vector<std::string> names;
  for (const auto& s : b.steps) names.push_back(c.find(s.matter) ? c.find(s.matter)->name : s.matter);
  return join(names, " → ");
}

void diff_bundle(const Catalog& ca, const Bundle& a, const Catalog& cb, const Bundle& b, Lines& out) {
  if (step_names(ca, a) != step_names(cb, b))
    out.push_back("办理步骤：" + step_names(ca, a) + " ⇒ " + step_names(cb, b));
  auto ma = merge_bundle(ca, a);
  auto mb = merge_bundle(cb, b);
  if (!ma || !mb) {
    out.push_back("无法合并比较：" + (!mb ? mb.error().message : ma.error().message));
    return;
  }
  diff_application(bundle_as_matter(*ma), bundle_as_matter(*mb), out);
}
}  // namespace

std::vector<DiffSection> diff_catalogs(const Catalog& before, const Catalog& after) {
  std::vector<DiffSection> out;
  for (const auto& b : after.matters) {
    if (const Matter* a = before.find(b.code)) {
      DiffSection s{"事项" + matter_title(b), {}};
      diff_application(*a, b, s.lines);
      if (!s.lines.empty()) out.push_back(std::move(s));
    } else {
      out.push_back({"新增事项" + matter_title(b), {}});
      if (!b.self_service) out.back().lines.push_back("不能在一体机自助办理（一体机上不显示）");
    }
  }
  for (const auto& a : before.matters)
    if (!after.find(a.code)) out.push_back({"删除事项" + matter_title(a), {}});
  for (const auto& b : after.bundles) {
    if (const Bundle* a = before.find_bundle(b.code)) {
      DiffSection s{"一件事" + bundle_title(b), {}};
      diff_bundle(before, *a, after, b, s.lines);
      if (!s.lines.empty()) out.push_back(std::move(s));
    } else {
      out.push_back({"新增一件事" + bundle_title(b), {"办理步骤：" + step_names(after, b)}});
    }
  }
  for (const auto& a : before.bundles)
    if (!after.find_bundle(a.code)) out.push_back({"删除一件事" + bundle_title(a), {}});
  return out;
}

std::string format_diff(const std::vector<DiffSection>& sections) {
  if (sections.empty()) return "无面向群众的变化\n";
  std::string out;
  for (const auto& s : sections) {
    out += s.heading + "\n";
    for (const auto& l : s.lines) out += "  - " + l + "\n";
  }
  out += "共 " + std::to_string(sections.size()) + " 项变化\n";
  return out;
}

}  // namespace ow::matterpack
