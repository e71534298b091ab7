-- Scenario d: add then remove one member of group GROUP_ID, alternately
-- (PATCH /Groups/{id} with op add / remove on path "members"). The members added are users that
-- are not in the group (CANDIDATES: one id a line); each wrk thread uses its own share of them.
-- Group PATCH answers 204 (200 when a body is asked for): anything else fails.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

local group = os.getenv("GROUP_ID")
local candidates
local k = 0

function init(args)
  candidates = read_lines(os.getenv("CANDIDATES"), true)
end

function request()
  local member = candidates[math.floor(k / 2) % #candidates + 1]
  local op = (k % 2 == 0) and "add" or "remove"
  k = k + 1
  local body = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"' .. op
    .. '","path":"members","value":[{"value":"' .. member .. '"}]}]}'
  return wrk.format("PATCH", base .. "/Groups/" .. group, body_headers, body)
end

function response(status, headers, body)
  check(status, body)
end
