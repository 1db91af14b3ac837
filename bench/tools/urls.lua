-- wrk script: cycles through a file of URLs (one a line, e.g. presigned S3 URLs from
-- `cairn bench --presign-urls FILE`), all on the host wrk was pointed at.
--   wrk -t1 -c16 -d30s -s bench/tools/urls.lua http://127.0.0.1:9000/ -- URLFILE [METHOD]
-- METHOD defaults to GET (HEAD for a STAT test: presigned URLs are bound to their method).
-- At the end it prints one machine-readable line:
--   WRK_RESULT requests=N duration_us=N bytes=N errors=N non2xx=N p50_us=N p90_us=N p99_us=N max_us=N
local paths = {}
local method = "GET"
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  if args[2] ~= nil and args[2] ~= "" then method = args[2] end
  for line in io.lines(file) do
    -- keep path and query only: wrk sends to the host on its command line
    local path = line:gsub("^%a+://[^/]+", "")
    if path ~= "" then table.insert(paths, path) end
  end
  if #paths == 0 then error("no URLs in " .. file) end
  -- threads start at different offsets so they do not walk in step
  counter = math.random(#paths) - 1
end

function request()
  counter = counter + 1
  if counter > #paths then counter = 1 end
  return wrk.format(method, paths[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d bytes=%d errors=%d non2xx=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
