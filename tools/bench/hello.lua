-- wrk script for tools/bench/intake-vs-hello.sh against cityops-hello: GET / on every request,
-- counting responses by status exactly like intake.lua does (same Lua work per response, so
-- the two runs compare like with like), and the same "WRK_JSON " summary line at the end.
--
--   wrk -t2 -c64 -d20s -s tools/bench/hello.lua http://HOST:PORT

threads = {}  -- global: wrk_report.lua sums over them

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

-- response() and done() (the WRK_JSON summary) come from wrk_report.lua beside this script.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "wrk_report.lua")
