-- Scenario noisy, the flooder: another organization's provider sending the same lookup as fast as
-- its connections allow, far beyond its rate limit. 429s are what it should get; they are counted,
-- not failures. Prints "FLOOD requests=... ok=... limited=... other=... retry_after=..." for run.sh.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

ok, limited, other, retry_after = 0, 0, 0, 0

function init(args)
  math.randomseed(os.time() * 1000 + thread_index * 104729)
end

function request()
  -- the flooder's organization has no users: every lookup that gets through answers 0 results
  return wrk.format("GET", work_email_filter("flood" .. math.random(1, 1000000) .. "@noisy.example"), get_headers)
end

function response(status, headers, body)
  if status == 429 then
    limited = limited + 1
    if headers["Retry-After"] ~= nil then
      retry_after = retry_after + 1
    end
  elseif status >= 200 and status < 300 then
    ok = ok + 1
  else
    other = other + 1
  end
end

local all = {}
local base_setup = setup
function setup(thread)
  base_setup(thread)
  table.insert(all, thread)
end

function done(summary, latency, requests)
  local sums = { ok = 0, limited = 0, other = 0, retry_after = 0 }
  for _, t in ipairs(all) do
    for k, _ in pairs(sums) do
      sums[k] = sums[k] + (t:get(k) or 0)
    end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("FLOOD requests=%d seconds=%.3f rps=%.1f ok=%d limited=%d other=%d retry_after=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, sums.ok, sums.limited, sums.other, sums.retry_after,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
