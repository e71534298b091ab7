-- Scenario b: POST /Users of new, unique users (post-<run>-<phase>-<thread>-<k>@bench.example;
-- the phase tells the warm-up from the measured run). Each must answer 201.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local run = (os.getenv("RUN_ID") or tostring(os.time())) .. "-" .. (os.getenv("PHASE") or "run")
local k = 0

function request()
  k = k + 1
  local key = "post-" .. run .. "-" .. thread_index .. "-" .. k
  return wrk.format("POST", base .. "/Users", body_headers, user_body(key .. "@bench.example", key, k))
end

function response(status, headers, body)
  check(status, body, status == 201, "expected 201")
end
