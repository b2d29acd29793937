-- Shared by hello.lua and intake.lua (wrk scripts of tools/bench/intake-vs-hello.sh): counts
-- responses by status and prints the same "WRK_JSON " summary line, so both runs do the same
-- Lua work per response and report alike. Loaded with dofile from the script's own folder.

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- One JSON line prefixed "WRK_JSON ": totals, latency percentiles (microseconds) and the
-- responses by status code summed over the threads.
function done(summary, latency, requests)
  local by_status = {}
  for _, t in ipairs(threads) do
    local counted = t:get("statuses")
    if counted then
      for code, n in pairs(counted) do
        by_status[code] = (by_status[code] or 0) + n
      end
    end
  end
  local parts = {}
  for code, n in pairs(by_status) do
    table.insert(parts, string.format('"%d":%d', code, n))
  end
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"seconds":%.3f,"requests_per_s":%.1f,"bytes":%d,' ..
    '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"non_2xx_3xx":%d,' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f},' ..
    '"by_status":{%s}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean, table.concat(parts, ",")))
end

