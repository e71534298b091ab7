-- Scenario a: Entra's matching query, GET /Users?filter=emails[type eq "work"].value eq "<email>",
-- for a random one of the USERS users the initial cycle created (user<n>@bench.example).
-- Scenario t (many tenants): with TENANTS_FILE set, each request first picks a random line
-- "<token> <email domain> <users>" of that file (one tenant each) and asks as that tenant for a random
-- one of its users (user<n>@<domain>).
-- A request fails unless it answers 200 with exactly one user.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local tenants = {}

function init(args)
  math.randomseed(os.time() * 1000 + thread_index * 7919)
  local path = os.getenv("TENANTS_FILE")
  if path and path ~= "" then
    for line in io.lines(path) do
      local tok, domain, n = line:match("^(%S+) (%S+) (%d+)$")
      if tok then
        table.insert(tenants, { headers = { ["Authorization"] = "Bearer " .. tok, ["Accept"] = "application/scim+json" },
                                domain = domain, users = tonumber(n) })
      end
    end
    assert(#tenants > 0, "no tenant in " .. path)
  end
end

function request()
  if #tenants > 0 then
    local t = tenants[math.random(1, #tenants)]
    return wrk.format("GET", work_email_filter("user" .. math.random(1, t.users) .. "@" .. t.domain), t.headers)
  end
  return wrk.format("GET", work_email_filter("user" .. math.random(1, users) .. "@bench.example"), get_headers)
end

function response(status, headers, body)
  check(status, body, body:find('"totalResults":1,', 1, true) ~= nil, "expected exactly one user")
end
