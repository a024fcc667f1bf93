-- wrk script of bench/bench_load.py: wrk -s bench/load.lua URL -- REQUESTS_FILE [TOKEN]
-- REQUESTS_FILE holds one request a line: "METHOD PATH" or "METHOD PATH JSON_BODY"; each thread starts at its own
-- offset and cycles through them. done() prints one JSON line with the counts and the latency percentiles (µs).
local requests = {}
local position = 0
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  local headers = {}
  if args[2] and args[2] ~= "" then
    headers["Authorization"] = "Bearer " .. args[2]
  end
  headers["Content-Type"] = "application/json"
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%S+) (%S+) ?(.*)$")
    if method then
      if body == "" then body = nil end
      table.insert(requests, wrk.format(method, path, headers, body))
    end
  end
  position = (id or 0) * 7919 % #requests
  statuses = {}
end

function request()
  position = position % #requests + 1
  return requests[position]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests_)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[tostring(status)] = (counts[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, '
    .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, table.concat(parts, ", ")))
end
