-- Shared by the wrk scenario scripts (each loads it with dofile): the bearer token and headers,
-- per-thread counting of failed requests, and the one machine-readable RESULT line run.sh reads.
-- A request counts as failed when its status is not 2xx, or when the scenario's own check of
-- the body (e.g. "exactly one user found") says so: a run with any failure is not a result.

token = os.getenv("SCIM_TOKEN") or error("SCIM_TOKEN is not set")
base = os.getenv("SCIM_BASE_PATH") or "/scim/v2"
users = tonumber(os.getenv("USERS") or "100000")
get_headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/scim+json" }
body_headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/scim+json" }

-- setup() runs in wrk's main Lua state once per thread before the thread starts; done() runs
-- there at the end and reads each thread's counters back.
local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  thread:set("thread_count", tonumber(os.getenv("WRK_THREADS") or "2"))
  table.insert(threads, thread)
end

failed = 0
first_failure = nil

-- Counts a failure (non-2xx, or ok == false) and keeps the first one's status and body start.
function check(status, body, ok, why)
  if status < 200 or status > 299 or ok == false then
    failed = failed + 1
    if first_failure == nil then
      first_failure = status .. " " .. (why or "") .. " " .. string.sub(body or "", 1, 300)
    end
    return false
  end
  return true
end

function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function json_escape(s)
  return (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end))
end

function work_email_filter(email)
  return base .. "/Users?filter=" .. urlencode('emails[type eq "work"].value eq "' .. email .. '"')
end

-- Lines of a file (ids written by run.sh); only every thread_count-th line from this thread's
-- index, so that threads never share an entry.
function read_lines(path, own_share_only)
  local lines = {}
  local f = assert(io.open(path, "r"), "cannot open " .. path)
  local i = 0
  for line in f:lines() do
    if line ~= "" then
      if not own_share_only or i % thread_count == thread_index then
        table.insert(lines, line)
      end
      i = i + 1
    end
  end
  f:close()
  return lines
end

function done(summary, latency, requests)
  local bad, sample = 0, nil
  for _, t in ipairs(threads) do
    bad = bad + (t:get("failed") or 0)
    sample = sample or t:get("first_failure")
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f failed=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, bad, socket_errors))
  if sample then
    io.write("FIRST_FAILURE " .. sample:gsub("[\r\n]", " ") .. "\n")
  end
end

-- A POST /Users body shaped like Entra's (entra-scim.md §1.2), unique by email and userName.
function user_body(email, key, n)
  return string.format([[{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],]]
    .. [["externalId":"%s","userName":"%s","active":true,"displayName":"Bench User %s","title":"Talent Partner","preferredLanguage":"en-GB",]]
    .. [["emails":[{"primary":true,"type":"work","value":"%s"}],]]
    .. [["phoneNumbers":[{"type":"work","value":"+44 20 7946 %04d"},{"type":"mobile","value":"+44 7700 9%05d"}],]]
    .. [["addresses":[{"type":"work","formatted":"Building 4","streetAddress":"%d Example Way","locality":"London","region":"England","postalCode":"EC1A 1AA","country":"GB"}],]]
    .. [["name":{"formatted":"Bench User %s","familyName":"User%s","givenName":"Bench"},]]
    .. [["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E-%s","department":"People"},]]
    .. [["meta":{"resourceType":"User"},"roles":[]}]],
    key, email, key, email, n % 10000, n % 100000, n % 1000 + 1, key, key, key)
end
