#include "tools/load/complaint_text.hpp"

#include <array>
#include <string_view>

namespace cityops::load {

namespace {

template <std::size_t N>
std::string_view pick(const std::array<std::string_view, N>& a, rng& r) {
  return a[r.below(N)];
}

constexpr std::array<std::string_view, 12> spots{
    "小区门口", "小区东门", "楼下", "菜市场旁边", "学校附近", "公交站旁",
    "十字路口", "超市门前", "幼儿园对面", "停车场出口", "河边步道", "社区服务中心旁"};

constexpr std::array<std::string_view, 8> times{
    "今天早上", "昨天晚上", "最近一周", "连续三天", "从上个月开始", "今天中午", "每天夜里", "刚才"};

constexpr std::array<std::string_view, 6> openers{
    "市民来电反映：", "来电人反映：", "市民来电称：", "来电人表示：", "市民反映：", "来电反映："};

constexpr std::array<std::string_view, 6> urges{
    "希望相关部门尽快处理。", "请尽快派人查看。", "已经影响正常生活，请求处理。",
    "多次反映未解决，要求给予答复。", "存在安全隐患，希望尽快解决。", "请相关部门核实处理。"};

constexpr std::array<std::string_view, 5> app_tails{
    "拍照上传，麻烦处理一下", "附近居民都很着急", "天黑了特别危险", "孩子上学必经之路",
    "希望早点修好"};

// What the reporter says happened, by the major class (component kinds break, event kinds
// disturb). Unknown majors fall back to the general lines.
std::string_view detail_for(const std::string& major, rng& r) {
  static constexpr std::array<std::string_view, 4> facilities{
      "已经损坏很长时间", "行人经过很危险", "晚上看不清容易出事", "附近老人孩子多"};
  static constexpr std::array<std::string_view, 4> traffic{
      "车辆通行困难", "早晚高峰堵得厉害", "已经有电动车摔倒", "行人只能绕行"};
  static constexpr std::array<std::string_view, 4> cleanliness{
      "气味很大", "蚊蝇很多", "影响市容", "环卫一直没有清理"};
  static constexpr std::array<std::string_view, 4> order{
      "严重影响居民休息", "占用人行道", "屡禁不止", "周边居民意见很大"};
  static constexpr std::array<std::string_view, 4> emergency{
      "情况紧急", "现场有人围观", "范围还在扩大", "担心发生危险"};
  static constexpr std::array<std::string_view, 4> general{
      "一直没有人管", "影响很大", "情况比较严重", "希望有人来看看"};
  if (major == "01" || major == "02" || major == "04" || major == "05") return pick(facilities, r);
  if (major == "03" || major == "09") return pick(cleanliness, r);
  if (major == "06" || major == "07" || major == "10") return pick(order, r);
  if (major == "08") return pick(emergency, r);
  if (major == "11") return pick(general, r);
  return r.chance(0.5) ? pick(traffic, r) : pick(general, r);
}

std::string_view keyword_of(const category_info& cat, rng& r) {
  if (cat.keywords.empty()) return cat.name;
  return cat.keywords[r.below(cat.keywords.size())];
}

}  // namespace

const char* to_string(case_source s) {
  switch (s) {
    case case_source::hotline: return "hotline";
    case case_source::grid: return "grid";
    case case_source::video: return "video";
    case case_source::iot: return "iot";
    case case_source::app: return "app";
    case case_source::open311: return "open311";
  }
  return "hotline";
}

std::string complaint_text(case_source source, const category_info& cat,
                           const community_info& where, rng& r) {
  const std::string_view kw = keyword_of(cat, r);
  const std::string_view spot = pick(spots, r);
  std::string t;
  t.reserve(256);
  switch (source) {
    case case_source::hotline:
      t += pick(openers, r);
      t += pick(times, r);
      t += "在";
      t += where.name;
      t += spot;
      t += "发现";
      t += kw;
      t += "问题，";
      t += detail_for(cat.major, r);
      t += "，";
      t += pick(urges, r);
      break;
    case case_source::grid:
      t += "网格员巡查发现：";
      t += where.name;
      t += spot;
      t += kw;
      t += "，";
      t += detail_for(cat.major, r);
      t += "，已拍照取证，需";
      t += cat.name;
      t += "相关部门处置。";
      break;
    case case_source::video:
      t += "视频智能分析告警：";
      t += where.name;
      t += spot;
      t += "摄像头识别到";
      t += kw;
      t += "，置信度0.";
      t += std::to_string(80 + r.below(20));
      t += "，持续";
      t += std::to_string(3 + r.below(55));
      t += "分钟。";
      break;
    case case_source::iot:
      t += "物联感知设备告警：";
      t += where.name;
      t += "传感器编号";
      t += std::to_string(100000 + r.below(900000));
      t += "监测到";
      t += kw;
      t += "异常，读数超过阈值";
      t += std::to_string(10 + r.below(190));
      t += "%。";
      break;
    case case_source::app:
    case case_source::open311:
      t += pick(times, r);
      t += where.name;
      t += spot;
      t += "有";
      t += kw;
      t += "，";
      t += detail_for(cat.major, r);
      t += "，";
      t += pick(app_tails, r);
      t += "。";
      break;
  }
  return t;
}

std::string phone_number(rng& r) {
  static constexpr std::array<std::string_view, 9> prefixes{"135", "136", "138", "139", "150",
                                                            "158", "177", "186", "189"};
  std::string p(pick(prefixes, r));
  for (int i = 0; i < 8; ++i) p.push_back(static_cast<char>('0' + r.below(10)));
  return p;
}

std::string reporter_name(rng& r) {
  static constexpr std::array<std::string_view, 12> surnames{
      "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"};
  static constexpr std::array<std::string_view, 8> given{
      "丽", "强", "敏", "伟", "芳", "军", "静", "磊"};
  std::string n(pick(surnames, r));
  const auto form = r.below(3);
  if (form == 0) n += "先生";
  else if (form == 1) n += "女士";
  else n += pick(given, r);
  return n;
}

}  // namespace cityops::load
