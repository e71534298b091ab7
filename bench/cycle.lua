-- Scenario e: Entra's initial cycle (entra-scim.md §1.2). Run with as many wrk threads as
-- connections (-t 8 -c 8), so that each thread's state is one worker's: for its users
-- n = index+1, index+1+workers, ... <= USERS it asks GET /Users?filter=emails[type eq "work"].value
-- eq "user<n>@bench.example", expects 0 results, then POSTs the user and expects 201.
-- A worker that has done its share writes "<start> <end>" (epoch seconds) to DONE_DIR/<index>
-- and stops; run.sh waits for all of them and takes the elapsed time from those files.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local done_dir = os.getenv("DONE_DIR")
local n, phase, started

local function now()
  local p = io.popen("date +%s.%N")
  local t = p:read("*l")
  p:close()
  return t
end

local function finish()
  local f = assert(io.open(done_dir .. "/" .. thread_index, "w"))
  f:write(started .. " " .. now() .. "\n")
  f:close()
  wrk.thread:stop()
end

local function advance()
  phase = "get"
  n = n + thread_count
  if n > users then
    finish()
  end
end

function init(args)
  started = now()
  n = thread_index + 1
  phase = "get"
end

function request()
  local email = "user" .. n .. "@bench.example"
  if phase == "get" then
    return wrk.format("GET", work_email_filter(email), get_headers)
  end
  return wrk.format("POST", base .. "/Users", body_headers, user_body(email, "user" .. n, n))
end

function response(status, headers, body)
  if phase == "get" then
    if check(status, body, body:find('"totalResults":0,', 1, true) ~= nil, "expected no user yet") then
      phase = "post"
      return
    end
  else
    check(status, body, status == 201, "expected 201")
  end
  advance()
end
