-- Scenario z: the floor of a SCIM request on this machine. GET /ServiceProviderConfig takes the same
-- way through the service as the lookup of scenario a (authentication by the cached API key, rate limit,
-- request id, access line, HTTP span, metrics, Quarkus REST, JSON writing) but sends no statement to
-- PostgreSQL and renders a small constant document. Its service CPU per request is what every SCIM request
-- costs before any work of its own: the lookup's CPU minus this is the query, its rows and their rendering.
dofile(os.getenv("BENCH_DIR") .. "/common.lua")

function request()
  return wrk.format("GET", base .. "/ServiceProviderConfig", get_headers)
end

function response(status, headers, body)
  check(status, body, body:find('"patch"', 1, true) ~= nil, "expected the ServiceProviderConfig document")
end
