-- Scenario c: Entra's four-operation PATCH (entra-scim.md §1.6) on random existing users. The work
-- email is replaced by the one the user already has, so emails stay unique; family name, street
-- and mobile number change. USER_IDS: "<id> <n>" lines for the users user<n>@bench.example.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local targets

function init(args)
  math.randomseed(os.time() * 1000 + thread_index * 7919)
  targets = read_lines(os.getenv("USER_IDS"), false)
end

function request()
  local id, n = targets[math.random(1, #targets)]:match("^(%S+)%s+(%S+)$")
  local r = math.random(1, 99999)
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":['
    .. '{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"user' .. n .. '@bench.example"},'
    .. '{"op":"Replace","path":"name.familyName","value":"Family' .. r .. '"},'
    .. '{"op":"Replace","path":"addresses[type eq \\"work\\"].streetAddress","value":"' .. r .. ' Example Way"},'
    .. '{"op":"Add","path":"phoneNumbers[type eq \\"mobile\\"].value","value":"+44 7700 8' .. string.format("%05d", r) .. '"}]}'
  return wrk.format("PATCH", base .. "/Users/" .. id, body_headers, body)
end

function response(status, headers, body)
  check(status, body)
end
