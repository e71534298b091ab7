#!/usr/bin/env bash
# Seeds one million users into a fresh PostgreSQL (the rows the API would write: SCIM document plus
# promoted columns), prints the plans of the lookups Entra makes, and times an RFC 9865 cursor walk
# over all of them through the service. Usage: bash bench/plans-1m.sh   (USERS=1000000 WALK=1)
# Needs Debian's PostgreSQL server (installed if missing); traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-1000000}
WALK=${WALK:-1}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ]; then
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
WORK=$(mktemp -d /tmp/scim-plans.XXXXXX)
chown postgres "$WORK"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  su postgres -c "$PGBIN/pg_ctl -D $WORK/data -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
su postgres -c "$PGBIN/initdb -D $WORK/data -A trust -U postgres" >/dev/null
su postgres -c "$PGBIN/pg_ctl -D $WORK/data -o '-p $PORT -k $WORK -c shared_buffers=512MB -c fsync=off -c synchronous_commit=off' -l $WORK/pg.log start" >/dev/null
PSQL="psql -h 127.0.0.1 -p $PORT -U postgres -v ON_ERROR_STOP=1 -q"
$PSQL -f src/main/resources/db/migration/V1__schema.sql
ORG=11111111-1111-1111-1111-111111111111
PROVIDER=22222222-2222-2222-2222-222222222222
echo "seeding $USERS users (PostgreSQL $($PGBIN/postgres --version | awk '{print $3}'), fsync off)…"
start=$(date +%s)
$PSQL <<SQL
insert into organizations (id, name, scim_enabled) values ('$ORG', 'Plans', true);
insert into scim_providers (id, organization_id, name, is_default) values ('$PROVIDER', '$ORG', 'Default', true);
insert into users (id, organization_id, email, display_name, role, active, scim_provider_id, scim, user_name, external_id, created_at)
select md5('u' || i)::uuid, '$ORG', 'user' || i || '@contoso.com', 'User ' || i, 'limited', true, '$PROVIDER',
       jsonb_build_object('userName', 'user' || i || '@contoso.onmicrosoft.com', 'externalId', 'ext' || i, 'active', true,
                          'displayName', 'User ' || i, 'name', jsonb_build_object('givenName', 'User', 'familyName', 'N' || i),
                          'emails', jsonb_build_array(jsonb_build_object('value', 'user' || i || '@contoso.com', 'type', 'work', 'primary', true))),
       'user' || i || '@contoso.onmicrosoft.com', 'ext' || i, now() - make_interval(secs => $USERS - i)
from generate_series(1, $USERS) i;
insert into teams (id, organization_id, name, scim_provider_id) select md5('t' || i)::uuid, '$ORG', 'Team ' || i, '$PROVIDER' from generate_series(1, 1000) i;
vacuum analyze;
SQL
echo "seeded in $(( $(date +%s) - start )) s"
SCOPE="u.organization_id = '$ORG' and not u.scim_deleted and (u.scim_provider_id = '$PROVIDER' or (u.scim_provider_id is null and true))"
N=$(( USERS / 2 ))
explain() {
  echo; echo "### $1"
  $PSQL -c "prepare q as select u.id, u.scim::text from users u where $SCOPE and ($2) order by u.created_at, u.id limit 100;" \
        -c "explain (analyze, buffers, costs off, timing on) execute q;" -c "deallocate q;" | sed 's/^/    /'
}
explain "emails[type eq \"work\"].value eq \"user$N@contoso.com\"" \
  "exists (select 1 from jsonb_array_elements(case when jsonb_typeof(u.scim->'emails') = 'array' then u.scim->'emails' else '[]'::jsonb end) e1 where (lower((case when jsonb_typeof(e1->'type') = 'string' then e1->'type' #>> '{}' end)) = lower('work') and lower(btrim((case when jsonb_typeof(e1->'value') = 'string' then e1->'value' #>> '{}' end))) = lower(btrim('user$N@contoso.com')))) and scim_email_values(u.scim) @> ARRAY[lower(btrim('user$N@contoso.com'))]"
explain "userName eq \"user$N@contoso.onmicrosoft.com\"" "lower(u.user_name) = lower('user$N@contoso.onmicrosoft.com')"
explain "externalId eq \"ext$N\"" "u.external_id = 'ext$N'"
explain "id eq \"<uuid>\"" "u.id = md5('u$N')::uuid"
echo; echo "### Groups: displayName eq \"Team 500\""
$PSQL -c "explain (analyze, costs off) select t.id from teams t where t.organization_id = '$ORG' and t.scim_provider_id = '$PROVIDER' and lower(t.name) = lower('Team 500')" | sed 's/^/    /'

if [ "$WALK" = "1" ]; then
  ./mvnw -q -B package -DskipTests
  HTTP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PORT/postgres" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PORT/postgres" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=postgres QUARKUS_HTTP_PORT=$HTTP_PORT \
  SCIM_RATE_LIMIT_PER_PROVIDER=0 QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_FLYWAY_BASELINE_ON_MIGRATE=true QUARKUS_FLYWAY_BASELINE_VERSION=1 \
    java -Xmx256m -jar target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { echo "service did not become ready:"; tail -30 "$WORK/app.log"; exit 1; }
  TOKEN=$(python3 -c 'import secrets,base64; print("scim_"+base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("="))')
  HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
  $PSQL -c "insert into api_keys (id, organization_id, name, permissions, token_hash, hint) values (gen_random_uuid(), '$ORG', 'walk', '{manage_users}', decode('$HASH', 'hex'), right('$TOKEN', 4))"
  python3 - "$HTTP_PORT" "$TOKEN" "$USERS" <<'PY'
import json, sys, time, urllib.request, urllib.parse
port, token, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
cursor, seen, pages, slowest = "", 0, 0, 0.0
start = time.time()
while pages < expected // 200 + 10:
    url = f"http://127.0.0.1:{port}/scim/v2/Users?count=200&excludedAttributes=groups&cursor={urllib.parse.quote(cursor)}"
    t0 = time.time()
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": "Bearer " + token})) as r:
        body = json.load(r)
    slowest = max(slowest, time.time() - t0)
    seen += len(body["Resources"]); pages += 1
    if pages == 1: first = time.time() - t0
    cursor = body.get("nextCursor")
    if not cursor: break
elapsed = time.time() - start
print(f"\ncursor walk: {seen} users in {pages} pages of 200 in {elapsed:.1f} s "
      f"({seen/elapsed:.0f} users/s); first page {first*1000:.0f} ms, last page {(time.time()-t0)*1000:.0f} ms, slowest {slowest*1000:.0f} ms")
assert seen == expected, f"walk saw {seen}, expected {expected}"
PY
fi
