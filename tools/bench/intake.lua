-- wrk script for tools/bench/intake-vs-hello.sh: POST /api/v1/cases with a rotation of 36
-- valid reports of the embedded default city (Yantai: community nodes of every district, 36
-- categories of the catalogue, hotline/grid/app/Open311 sources, reporters' phones), and the
-- bearer token from the environment (CITYOPS_BENCH_TOKEN). Each wrk thread starts at its own
-- offset in the rotation. At the end it prints one JSON line (prefixed "WRK_JSON ") with
-- the totals and the responses by status, so the script can insist on 201s.
--
--   CITYOPS_BENCH_TOKEN=... wrk -t2 -c64 -d20s -s tools/bench/intake.lua http://HOST:PORT

local bodies = {
  [==[{"source": "hotline", "text": "楚祥社区附近井盖缺失/塌陷，影响居民出行，请尽快处理", "category": "0101", "node": "370602010002", "address": "芝罘区只楚街道楚祥社区7号附近", "reporter": {"phone": "13961584266"}}]==],
  [==[{"source": "hotline", "text": "栾家疃居委会附近路灯损坏，已经好几天了", "category": "0108", "node": "370611001007", "address": "福山区清洋街道栾家疃居委会87号附近", "reporter": {"phone": "13903606434"}}]==],
  [==[{"source": "hotline", "text": "河北崖村委会附近护栏隔离栏损坏，存在安全隐患", "category": "0205", "node": "370612105237", "address": "牟平区龙泉镇河北崖村委会131号附近", "reporter": {"phone": "13992705655"}}]==],
  [==[{"source": "hotline", "text": "两甲埠村委会附近乱倒建筑垃圾，请相关部门核实处理", "category": "0304", "node": "370613005231", "address": "莱山区莱山街道两甲埠村委会191号附近", "reporter": {"phone": "13955764577"}}]==],
  [==[{"source": "hotline", "text": "木兰沟村委会附近绿地践踏毁坏，影响居民出行，请尽快处理", "category": "0402", "node": "370614107239", "address": "蓬莱区大辛店镇木兰沟村委会1号附近", "reporter": {"phone": "13900895675"}}]==],
  [==[{"source": "grid", "text": "刘家埠村委会附近物业服务纠纷，已经好几天了", "category": "0503", "node": "370671007226", "address": "烟台高新技术产业开发区马山街道刘家埠村委会170号附近"}]==],
  [==[{"source": "grid", "text": "海滨社区居委会附近私设地桩地锁，存在安全隐患", "category": "0604", "node": "370676001035", "address": "烟台经济技术开发区福莱山街道海滨社区居委会42号附近"}]==],
  [==[{"source": "app", "text": "槐栾村委会附近施工占道，请相关部门核实处理", "category": "0702", "node": "370681104223", "address": "龙口市芦头镇槐栾村委会198号附近", "reporter": {"phone": "13977860944"}}]==],
  [==[{"source": "app", "text": "塔南泊村委会附近火灾隐患，影响居民出行，请尽快处理", "category": "0803", "node": "370682105232", "address": "莱阳市姜疃镇塔南泊村委会46号附近", "reporter": {"phone": "13938463442"}}]==],
  [==[{"source": "open311", "text": "前宋家村委会附近工业噪声，已经好几天了", "category": "0903", "node": "370683005203", "address": "莱州市文峰路街道前宋家村委会26号附近", "reporter": {"phone": "13987582477"}}]==],
  [==[{"source": "hotline", "text": "鲁格庄村民委员会附近假冒伪劣，存在安全隐患", "category": "1004", "node": "370685105222", "address": "招远市玲珑镇鲁格庄村民委员会107号附近", "reporter": {"phone": "13914212731"}}]==],
  [==[{"source": "hotline", "text": "吕家埠村委会附近教育服务，请相关部门核实处理", "category": "1105", "node": "370686003219", "address": "栖霞市松山街道吕家埠村委会175号附近", "reporter": {"phone": "13977589393"}}]==],
  [==[{"source": "hotline", "text": "山汪家村委会附近井盖缺失/塌陷，影响居民出行，请尽快处理", "category": "0101", "node": "370687107239", "address": "海阳市小纪镇山汪家村委会47号附近", "reporter": {"phone": "13998862391"}}]==],
  [==[{"source": "hotline", "text": "建设里社区附近路灯损坏，已经好几天了", "category": "0108", "node": "370602007011", "address": "芝罘区白石街道建设里社区97号附近", "reporter": {"phone": "13931221875"}}]==],
  [==[{"source": "hotline", "text": "义庄范家村委会附近护栏隔离栏损坏，存在安全隐患", "category": "0205", "node": "370611105245", "address": "福山区臧家庄镇义庄范家村委会135号附近", "reporter": {"phone": "13979993540"}}]==],
  [==[{"source": "grid", "text": "沙湾庄村委会附近乱倒建筑垃圾，请相关部门核实处理", "category": "0304", "node": "370612006229", "address": "牟平区姜格庄街道沙湾庄村委会182号附近"}]==],
  [==[{"source": "grid", "text": "锦绣家园社区居委会附近绿地践踏毁坏，影响居民出行，请尽快处理", "category": "0402", "node": "370613005001", "address": "莱山区莱山街道锦绣家园社区居委会85号附近"}]==],
  [==[{"source": "app", "text": "李家村委会附近物业服务纠纷，已经好几天了", "category": "0503", "node": "370614109258", "address": "蓬莱区北沟镇李家村委会11号附近", "reporter": {"phone": "13931179867"}}]==],
  [==[{"source": "app", "text": "郭家屯村委会附近私设地桩地锁，存在安全隐患", "category": "0604", "node": "370671007225", "address": "烟台高新技术产业开发区马山街道郭家屯村委会31号附近", "reporter": {"phone": "13967004830"}}]==],
  [==[{"source": "open311", "text": "东龙夼居委会附近施工占道，请相关部门核实处理", "category": "0702", "node": "370676002010", "address": "烟台经济技术开发区古现街道东龙夼居委会56号附近", "reporter": {"phone": "13998944260"}}]==],
  [==[{"source": "hotline", "text": "兰隽新村村委会附近火灾隐患，影响居民出行，请尽快处理", "category": "0803", "node": "370681109253", "address": "龙口市兰高镇兰隽新村村委会194号附近", "reporter": {"phone": "13974502287"}}]==],
  [==[{"source": "hotline", "text": "三里庄村委会附近工业噪声，已经好几天了", "category": "0903", "node": "370682113215", "address": "莱阳市大夼镇三里庄村委会172号附近", "reporter": {"phone": "13924941460"}}]==],
  [==[{"source": "hotline", "text": "财粮村委会附近假冒伪劣，存在安全隐患", "category": "1004", "node": "370683003235", "address": "莱州市三山岛街道财粮村委会66号附近", "reporter": {"phone": "13979001711"}}]==],
  [==[{"source": "hotline", "text": "车元口村民委员会附近教育服务，请相关部门核实处理", "category": "1105", "node": "370685108243", "address": "招远市夏甸镇车元口村民委员会112号附近", "reporter": {"phone": "13969556912"}}]==],
  [==[{"source": "hotline", "text": "栾家寨村委会附近井盖缺失/塌陷，影响居民出行，请尽快处理", "category": "0101", "node": "370686111232", "address": "栖霞市官道镇栾家寨村委会34号附近", "reporter": {"phone": "13905575299"}}]==],
  [==[{"source": "grid", "text": "新庄头村委会附近路灯损坏，已经好几天了", "category": "0108", "node": "370687107218", "address": "海阳市小纪镇新庄头村委会43号附近"}]==],
  [==[{"source": "grid", "text": "永和社区附近护栏隔离栏损坏，存在安全隐患", "category": "0205", "node": "370602012015", "address": "芝罘区幸福街道永和社区78号附近"}]==],
  [==[{"source": "app", "text": "北城子村委会附近乱倒建筑垃圾，请相关部门核实处理", "category": "0304", "node": "370611105216", "address": "福山区臧家庄镇北城子村委会3号附近", "reporter": {"phone": "13920169228"}}]==],
  [==[{"source": "app", "text": "金山下寨村委会附近绿地践踏毁坏，影响居民出行，请尽快处理", "category": "0402", "node": "370612006221", "address": "牟平区姜格庄街道金山下寨村委会59号附近", "reporter": {"phone": "13946939607"}}]==],
  [==[{"source": "open311", "text": "凤凰社区居委会附近物业服务纠纷，已经好几天了", "category": "0503", "node": "370613002013", "address": "莱山区初家街道凤凰社区居委会139号附近", "reporter": {"phone": "13945898017"}}]==],
  [==[{"source": "hotline", "text": "郭家村委会附近私设地桩地锁，存在安全隐患", "category": "0604", "node": "370614103212", "address": "蓬莱区潮水镇郭家村委会41号附近", "reporter": {"phone": "13951809794"}}]==],
  [==[{"source": "hotline", "text": "新添堡村委会附近施工占道，请相关部门核实处理", "category": "0702", "node": "370671007222", "address": "烟台高新技术产业开发区马山街道新添堡村委会83号附近", "reporter": {"phone": "13901723644"}}]==],
  [==[{"source": "hotline", "text": "福星社区居委会附近火灾隐患，影响居民出行，请尽快处理", "category": "0803", "node": "370676001025", "address": "烟台经济技术开发区福莱山街道福星社区居委会13号附近", "reporter": {"phone": "13908172510"}}]==],
  [==[{"source": "hotline", "text": "徐格庄村委会附近工业噪声，已经好几天了", "category": "0903", "node": "370681110253", "address": "龙口市诸由观镇徐格庄村委会183号附近", "reporter": {"phone": "13959742158"}}]==],
  [==[{"source": "hotline", "text": "吕家滩村委会附近假冒伪劣，存在安全隐患", "category": "1004", "node": "370682103206", "address": "莱阳市穴坊镇吕家滩村委会21号附近", "reporter": {"phone": "13952089959"}}]==],
  [==[{"source": "grid", "text": "西孙哥庄村委会附近教育服务，请相关部门核实处理", "category": "1105", "node": "370683101306", "address": "莱州市沙河镇西孙哥庄村委会46号附近"}]==],
}

local token = os.getenv("CITYOPS_BENCH_TOKEN") or ""
threads = {}  -- global: wrk_report.lua sums over them
local thread_counter = 0

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("offset", thread_counter * 7)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  sent = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  requests = {}
  for i, body in ipairs(bodies) do
    requests[i] = wrk.format("POST", "/api/v1/cases", nil, body)
  end
end

function request()
  sent = sent + 1
  return requests[((sent + offset) % #requests) + 1]
end

-- response() and done() (the WRK_JSON summary) come from wrk_report.lua beside this script.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "wrk_report.lua")
