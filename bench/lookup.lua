-- Scenario a: Entra's matching query, GET /Users?filter=emails[type eq "work"].value eq "<email>",
-- for a random one of the USERS users the initial cycle created (user<n>@bench.example).
-- A request fails unless it answers 200 with exactly one user.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

function init(args)
  math.randomseed(os.time() * 1000 + thread_index * 7919)
end

function request()
  return wrk.format("GET", work_email_filter("user" .. math.random(1, users) .. "@bench.example"), get_headers)
end

function response(status, headers, body)
  check(status, body, body:find('"totalResults":1,', 1, true) ~= nil, "expected exactly one user")
end
