#!/usr/bin/env bash
# Load benchmark of the SCIM service, with the physical limit measured beside it (issue 7).
#
#   bash bench/run.sh                       # the full run: 100 000 users, 30 s per scenario
#   DURATION=5s USERS=2000 bash bench/run.sh  # a quick smoke run
#
# Knobs (environment):
#   USERS=100000       users the initial cycle (scenario e) creates; every later scenario runs over them
#   DURATION=30s       time of each timed scenario (a, its pgbench, b, c, d)
#   WARMUP=5s          an unrecorded wrk run of each timed scenario first, so that the JIT has compiled its
#                      path (0: none); the initial cycle has none: it is a cold start by nature
#   CONNECTIONS=8      HTTP connections (wrk -c) of a, b, c, d, and pgbench clients (-c) beside a
#   THREADS=2          wrk threads of a, b, c, d (pgbench uses -j 2)
#   WORKERS=8          concurrent Entra workers of the initial cycle (e)
#   CYCLE_TIMEOUT=900  seconds after which the initial cycle is abandoned (and is not a result)
#   FSYNC=on           PostgreSQL fsync (on: durable commits, as in production; off: memory speed)
#   XMX=256m           service heap (-Xmx; the native executable takes it too)
#   JVM_GC="-XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90"
#                      the JVM service's collector and heap sizing: what the image runs (src/main/docker/Dockerfile.jvm,
#                      the base image's run-java.sh defaults made explicit); JVM_GC=G1 runs the JVM's default G1 instead
#                      (the collector of the runs before issue 16), to compare
#   XMS=64m            initial heap with JVM_GC's collector (the image's run-java.sh starts at 25 % of the maximum heap;
#                      without it the JVM starts at 1/64 of the machine's memory, i.e. the whole -Xmx here, and
#                      the heap could never shrink below that)
#   MALLOC_ARENA_MAX=2 glibc malloc arenas of the JVM service, as the JVM image sets it (src/main/docker/Dockerfile.jvm);
#                      empty: glibc's default (one per thread, up to 8 per core)
#   RESTARTS=3         after the scenarios, starts of the service against the migrated database (time to
#                      ready and idle RSS without the first start's migrations; median reported); 0: none
#   RUNNER=jvm         jvm: java -jar target/quarkus-app/quarkus-run.jar; native: the native executable
#                      target/*-runner, which must be built first (bash native/verify.sh, or
#                      ./mvnw package -Dnative); run.sh never builds it. PROFILE=1 needs the JVM.
#   SERVICE_JAVA_OPTS="..."  more JVM options for the service, e.g. a -Dquarkus.* setting to try
#   SCENARIOS="e a b c d"  which to run (e always runs first when listed: it seeds the users); also available:
#                      a32 (scenario a with 32 connections, and its pgbench at 32 clients; needs e) and
#                      t (many tenants, seeded by SQL: runs on its own, e.g. SCENARIOS=t)
#   TENANTS=10000      t: small organizations, TENANT_USERS=50 users each, plus one of LARGE_TENANT_USERS=100000;
#                      KEYED_TENANTS=100 of the small ones get an API key and are asked in turn; NEW_TENANTS=20
#                      brand-new organizations are then created and their first GET and POST timed; T_WARMUP=20s of
#                      each side, unrecorded, before either side is recorded
#                      noisy (issue 11, product.md §9): needs e; restarts the service with a rate limit
#                      z (the floor): GET /ServiceProviderConfig, the whole SCIM request path with no SQL; its
#                      service CPU per request is what any SCIM request costs before its own work (runs alone)
#   NOISY_LIMIT=200    scim.rate-limit.per-provider of scenario noisy (requests/s per provider, burst 2x)
#   NOISY_FLOOD_CONNECTIONS=16  connections of the flooding provider (wrk -c), unpaced
#   VICTIM_CONNECTIONS=4 VICTIM_DELAY_MS=40  the victim's lookup, paced below its own limit (~100 rps)
#   SKIP_BUILD=1       reuse target/quarkus-app instead of running ./mvnw package
#   VACUUM=1           VACUUM ANALYZE users after the initial cycle (the state autovacuum reaches soon after
#                      a bulk load; explicit so that runs compare); VACUUM=0 measures a, b, c right after the load
#   EXTRA_SQL="..."    SQL run once after the service migrated the database and before any scenario
#                      (to try a database-side fix, e.g. "alter index users_email_values set (fastupdate = off)")
#   PROFILE=1          JFR recording of each scenario, pg_stat_statements, auto_explain of statements
#                      slower than 20 ms, EXPLAIN ANALYZE of the lookup; summaries in the output dir
#   OUT=bench/out/<timestamp>  where logs, wrk/pgbench outputs and the summary table go
#
# It installs only what is missing, from Debian (apt-get install -y postgresql wrk), starts its own
# PostgreSQL 15 cluster in a temporary folder on a free port, builds and starts the service against
# it, runs the scenarios, prints one table, and stops everything it started (trap on EXIT).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR="$ROOT/bench"
USERS=${USERS:-100000}
DURATION=${DURATION:-30s}
[[ "$DURATION" =~ ^[0-9]+s$ ]] || { echo "DURATION must be whole seconds, e.g. 30s" >&2; exit 2; }
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
WORKERS=${WORKERS:-8}
CYCLE_TIMEOUT=${CYCLE_TIMEOUT:-900}
FSYNC=${FSYNC:-on}
XMX=${XMX:-256m}
MALLOC_ARENAS=${MALLOC_ARENA_MAX-2}
JVM_GC=${JVM_GC:--XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90}
SCENARIOS=${SCENARIOS:-e a b c d}
TENANTS=${TENANTS:-10000}
TENANT_USERS=${TENANT_USERS:-50}
LARGE_TENANT_USERS=${LARGE_TENANT_USERS:-100000}
KEYED_TENANTS=${KEYED_TENANTS:-100}
NEW_TENANTS=${NEW_TENANTS:-20}
PROFILE=${PROFILE:-0}
RUNNER=${RUNNER:-jvm}
RESTARTS=${RESTARTS:-3}
[[ "$RUNNER" == jvm || "$RUNNER" == native ]] || { echo "RUNNER must be jvm or native" >&2; exit 2; }
[[ "$RUNNER" == jvm || "$PROFILE" != 1 ]] || { echo "PROFILE=1 (JFR, jcmd) needs RUNNER=jvm" >&2; exit 2; }
VACUUM=${VACUUM:-1}
EXTRA_SQL=${EXTRA_SQL:-}
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$ROOT/bench/out/$RUN_ID}
PGBIN=/usr/lib/postgresql/15/bin
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export BENCH_DIR USERS RUN_ID

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Everything started here is remembered and stopped on exit, whatever the exit.
PGDATA_ROOT=""
PG_STARTED=0
SERVICE_PID=""
SAMPLER_PID=""
CHILD_PID=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if [[ -n "$CHILD_PID" ]] && kill -0 "$CHILD_PID" 2>/dev/null; then
        kill "$CHILD_PID" 2>/dev/null; wait "$CHILD_PID" 2>/dev/null
    fi
    if [[ -n "$SAMPLER_PID" ]] && kill -0 "$SAMPLER_PID" 2>/dev/null; then
        kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null
    fi
    if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        log "stopping the service (pid $SERVICE_PID)"
        kill "$SERVICE_PID" 2>/dev/null
        for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$SERVICE_PID" 2>/dev/null
        wait "$SERVICE_PID" 2>/dev/null
    fi
    if [[ "$PG_STARTED" == 1 ]]; then
        log "stopping PostgreSQL ($PGDATA_ROOT)"
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_ROOT/data" -m fast -w -t 30 stop >/dev/null 2>&1
    fi
    if [[ -n "$PGDATA_ROOT" && -d "$PGDATA_ROOT" ]]; then
        cp "$PGDATA_ROOT/postgresql.log" "$OUT/postgresql.log" 2>/dev/null
        rm -rf "$PGDATA_ROOT"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a command in the background and waits for it, so that a signal reaches the trap at once
# (and the trap can stop the command).
run_child() {
    "$@" &
    CHILD_PID=$!
    local rc=0
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=""
    return $rc
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

now() { date +%s.%N; }
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------------------------------------
# 0. Tools: from Debian, and only when missing.
[[ $EUID == 0 ]] || die "run as root: it installs missing packages and runs PostgreSQL as the postgres OS user (runuser)"
need_install=()
[[ -x "$PGBIN/initdb" && -x "$PGBIN/pg_ctl" && -x "$PGBIN/pgbench" ]] || need_install+=(postgresql)
command -v psql >/dev/null || need_install+=(postgresql-client)
command -v wrk >/dev/null || need_install+=(wrk)
command -v curl >/dev/null || need_install+=(curl)
command -v python3 >/dev/null || need_install+=(python3)
if ((${#need_install[@]})); then
    log "installing from Debian: ${need_install[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null
fi
[[ -x "$PGBIN/initdb" ]] || die "PostgreSQL 15 server binaries not found in $PGBIN (apt-get install postgresql-15)"
command -v java >/dev/null || die "java (17+) is needed to run the service"

LOAD_BEFORE=$(uptime)
log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs); load: ${LOAD_BEFORE##*load average: }"
log "output in $OUT"

# ---------------------------------------------------------------------------------------------
# 1. A fresh PostgreSQL 15 cluster of our own, on a free port, as the postgres OS user.
PGDATA_ROOT=$(mktemp -d /tmp/scim-bench-pg.XXXXXX)
chown postgres: "$PGDATA_ROOT"
PGPORT=$(free_port)
log "initdb in $PGDATA_ROOT (fsync=$FSYNC, port $PGPORT)"
runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_ROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$OUT/initdb.log" 2>&1 || die "initdb failed, see $OUT/initdb.log"
{
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $PGPORT"
    echo "unix_socket_directories = '$PGDATA_ROOT'"
    echo "max_connections = 100"
    echo "shared_buffers = 256MB"
    echo "fsync = $FSYNC"
    if [[ "$PROFILE" == 1 ]]; then
        echo "shared_preload_libraries = 'pg_stat_statements,auto_explain'"
        echo "pg_stat_statements.track = all"
        # plans of statements slower than 20 ms go to postgresql.log (copied to the output dir)
        echo "auto_explain.log_min_duration = '20ms'"
        echo "auto_explain.log_nested_statements = on"
    fi
} >>"$PGDATA_ROOT/data/postgresql.conf"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_ROOT/data" -l "$PGDATA_ROOT/postgresql.log" -w -t 60 start >/dev/null \
    || die "PostgreSQL did not start, see $PGDATA_ROOT/postgresql.log"
PG_STARTED=1
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres)
"${PSQL[@]}" -d postgres -c "create database scim" >/dev/null
[[ "$PROFILE" == 1 ]] && "${PSQL[@]}" -d scim -c "create extension pg_stat_statements" >/dev/null
# pgstattuple: the size of the email GIN index's pending list, recorded before each scenario
"${PSQL[@]}" -d scim -c "create extension pgstattuple" >/dev/null
sql() { "${PSQL[@]}" -d scim -At -c "$1"; }
log "PostgreSQL $(sql 'show server_version') up; fsync=$(sql 'show fsync'), synchronous_commit=$(sql 'show synchronous_commit')"

# ---------------------------------------------------------------------------------------------
# 2. Build and start the service against that database; time to ready from process start.
if [[ "$RUNNER" == native ]]; then
    NATIVE_BIN=$(ls "$ROOT"/target/*-runner 2>/dev/null | head -1)
    [[ -n "$NATIVE_BIN" && -x "$NATIVE_BIN" ]] || die "no native executable in target/: build it first (bash native/verify.sh)"
    log "native executable ${NATIVE_BIN#"$ROOT/"}, built $(date -u -r "$NATIVE_BIN" +%Y-%m-%dT%H:%M:%SZ)"
elif [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$ROOT/target/quarkus-app/quarkus-run.jar" ]]; then
    log "building: ./mvnw -q -B package -DskipTests"
    (cd "$ROOT" && ./mvnw -q -B package -DskipTests) >"$OUT/build.log" 2>&1 || die "build failed, see $OUT/build.log"
fi
HTTP_PORT=$(free_port)
JAVA_OPTS=(-Xmx"$XMX")
# shellcheck disable=SC2206  # word splitting wanted: a list of options
[[ "$RUNNER" == jvm && "$JVM_GC" != G1 ]] && JAVA_OPTS+=(-Xms"${XMS:-64m}" $JVM_GC)
# shellcheck disable=SC2206  # word splitting wanted: a list of options
[[ -n "${SERVICE_JAVA_OPTS:-}" ]] && JAVA_OPTS+=($SERVICE_JAVA_OPTS)
if [[ "$PROFILE" == 1 ]]; then
    JAVA_OPTS+=(-XX:+FlightRecorder -XX:NativeMemoryTracking=summary)
fi
URL="http://127.0.0.1:$HTTP_PORT"
# Starts the service against the bench database, output to $1; sets SERVICE_PID and READY_S, the
# seconds from process start to the first 200 of /q/health/ready (polled every 20 ms).
start_service() {
    local start ready=""
    start=$(now)
    (
        cd "$OUT"
        export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PGPORT/scim"
        export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/scim"
        export QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=bench
        export SCIM_BOOTSTRAP_ENABLED=true SCIM_RATE_LIMIT_PER_PROVIDER="${SERVICE_RATE_LIMIT:-0}" QUARKUS_HTTP_PORT="$HTTP_PORT"
        if [[ "$RUNNER" == jvm && -n "$MALLOC_ARENAS" ]]; then export MALLOC_ARENA_MAX="$MALLOC_ARENAS"; else unset MALLOC_ARENA_MAX; fi
        if [[ "$RUNNER" == native ]]; then
            exec "$NATIVE_BIN" "${JAVA_OPTS[@]}"
        fi
        exec java "${JAVA_OPTS[@]}" -jar "$ROOT/target/quarkus-app/quarkus-run.jar"
    ) >"$1" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 1 6000); do   # at most 120 s, and more with the time curl takes
        kill -0 "$SERVICE_PID" 2>/dev/null || die "the service exited, see $1"
        if curl -fs -o /dev/null "$URL/q/health/ready"; then ready=$(now); break; fi
        sleep 0.02
    done
    [[ -n "$ready" ]] || die "the service was not ready after 120 s, see $1"
    READY_S=$(python3 -c "print(f'{$ready - $start:.2f}')")
}
# Stops the service as Kubernetes would (SIGTERM), waiting at most 40 s.
stop_service() {
    kill "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 200); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=""
}
rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$SERVICE_PID/status"; }
start_service "$OUT/service.log"
log "service pid $SERVICE_PID ready on $URL in ${READY_S} s (process start to /q/health/ready 200)"
TOKEN=""
for _ in $(seq 1 50); do
    TOKEN=$(grep -o 'Bearer scim_[A-Za-z0-9_-]*' "$OUT/service.log" | head -1 | cut -d' ' -f2 || true)
    [[ -n "$TOKEN" ]] && break
    sleep 0.1
done
[[ -n "$TOKEN" ]] || die "no 'SCIM token: Authorization: Bearer scim_...' line in $OUT/service.log"
export SCIM_TOKEN="$TOKEN"
if [[ -n "$EXTRA_SQL" ]]; then
    log "EXTRA_SQL: $EXTRA_SQL"
    sql "$EXTRA_SQL" >/dev/null
fi
ORG_ID=$(sql "select id from organizations limit 1")
# Resident memory idle: ready, bootstrapped, no request yet but the readiness probe, 2 s later.
sleep 2
RSS_IDLE_MB=$(rss_mb)
log "service RSS idle: ${RSS_IDLE_MB} MB"
PROVIDER_ID=$(sql "select id from scim_providers where is_default limit 1")

# Resident memory of the service, sampled every 0.5 s while it runs (bounded: at most 4 hours).
(
    for _ in $(seq 1 28800); do
        rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVICE_PID/status" 2>/dev/null) || break
        [[ -n "$rss" ]] || break
        echo "$(now_ms) $rss"
        sleep 0.5
    done
) >"$OUT/rss.log" &
SAMPLER_PID=$!

# A scenario is only a result if the service lived through it: say so loudly when it did not
# (e.g. killed from outside), instead of measuring a dead port.
require_service() {
    kill -0 "$SERVICE_PID" 2>/dev/null && return 0
    log "ERROR: the service (pid $SERVICE_PID) is gone after scenario $1; its last log lines:"
    tail -n 5 "$OUT/service.log" | cut -c1-300 >&2
    SERVICE_PID=""
    die "stopped: no result after scenario $1"
}

# ---------------------------------------------------------------------------------------------
# Results: one line per row, "key=value" fields, in $OUT/results.txt; the table is printed from it.
RESULTS="$OUT/results.txt"
: >"$RESULTS"
record() { echo "$*" >>"$RESULTS"; }
field() { sed -n "s/.*\b$2=\([^ ]*\).*/\1/p" <<<"$1" | head -1; }
max_rss_mb() {   # max RSS in MB between two epoch-ms instants
    awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 > m {m = $2} END {printf "%.0f", m / 1024}' "$OUT/rss.log"
}

jfr_start() {
    [[ "$PROFILE" == 1 ]] || return 0
    jcmd "$SERVICE_PID" JFR.start name="$1" settings=profile >/dev/null
}
jfr_stop() {
    [[ "$PROFILE" == 1 ]] || return 0
    jcmd "$SERVICE_PID" JFR.stop name="$1" filename="$OUT/$1.jfr" >/dev/null
    python3 "$BENCH_DIR/jfr_top.py" "$OUT/$1.jfr" >"$OUT/$1.jfr.txt" 2>&1 || true
}
pgss_reset() {
    [[ "$PROFILE" == 1 ]] || return 0
    sql "select pg_stat_statements_reset()" >/dev/null
}
pgss_dump() {
    [[ "$PROFILE" == 1 ]] || return 0
    "${PSQL[@]}" -d scim -c "select calls, round(total_exec_time::numeric, 1) as total_ms,
            round(mean_exec_time::numeric, 3) as mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 240) as query
        from pg_stat_statements where dbid = (select oid from pg_database where datname = 'scim')
        order by total_exec_time desc limit 15" >"$OUT/$1.pg_stat_statements.txt"
    sql "select '-- calls ' || calls || ', mean ' || round(mean_exec_time::numeric, 3) || ' ms' || chr(10) || query || ';' || chr(10)
        from pg_stat_statements where dbid = (select oid from pg_database where datname = 'scim')
        order by total_exec_time desc limit 5" >>"$OUT/$1.pg_stat_statements.txt"
}

# PROFILE=1: the plans PostgreSQL uses for the service's lookup statement (LOOKUP_SQL,
# its pgbench variables as parameters $1..$3): the 6th execution in one session (after 5 custom
# plans the plan cache may switch to a generic plan, as in the service's pooled connections), and
# the custom plan for comparison.
explain_lookup() {
    [[ "$PROFILE" == 1 ]] || return 0
    local query
    query=$(grep -v -e '^--' -e '^\\' "$LOOKUP_SQL" | sed -e 's/:org/$1/g; s/:provider/$2/g; s/:n\b/$3/g; s/;$//')
    local args="'$ORG_ID', '$PROVIDER_ID', $((USERS / 2))"
    {
        echo "prepare lookup as $query;"
        for i in 1 2 3 4 5; do echo "explain (analyze, costs off, timing off, summary off) execute lookup($args);"; done
        echo "\\echo '--- 6th execution in the session (plan_cache_mode = auto, what the service gets):'"
        echo "explain (analyze, buffers) execute lookup($args);"
        echo "set plan_cache_mode = force_custom_plan;"
        echo "\\echo '--- custom plan (the value known at planning):'"
        echo "explain (analyze, buffers) execute lookup($args);"
    } | "${PSQL[@]}" -d scim >"$OUT/a.explain.txt" 2>&1 || true
}

# CPU seconds used so far by the service and by our PostgreSQL (the postmaster, its live children,
# and - through the postmaster's cutime/cstime - its children that have exited), as "service pg steal",
# in clock ticks.
CLK_TCK=$(getconf CLK_TCK)
cpu_seconds() {
    local pm svc pg=0 child
    pm=$(head -1 "$PGDATA_ROOT/data/postmaster.pid")
    svc=$(awk '{print $14 + $15}' "/proc/$SERVICE_PID/stat" 2>/dev/null || echo 0)
    pg=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat" 2>/dev/null || echo 0)
    for child in $(pgrep -P "$pm"); do
        pg=$((pg + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
    # and the machine's steal time (the hypervisor giving our two cores to someone else), all CPUs
    echo "$((svc)) $((pg)) $(awk '/^cpu /{print $9; exit}' /proc/stat)"
}
# CPU seconds of this shell's finished children (wrk, pgbench), from the builtin 'times', which must
# run in this shell itself (a subshell would count its own children only): sets CHILDREN_CPU.
children_cpu() {
    times >"$OUT/.times"
    CHILDREN_CPU=$(tail -1 "$OUT/.times" | python3 -c '
import re, sys
print(sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", sys.stdin.read())))')
}
# "cpu_service=<cores> cpu_pg=<cores> cpu_client=<cores> cpu_steal=<cores>" used on average between two
# snapshots; cpu_steal is time the hypervisor did not give this machine although it was runnable: a run
# with steal well above 0 ran on less than two cores, and its rates are low by about that much.
cpu_used() {   # "svc0 pg0 steal0" "svc1 pg1 steal1" wall_ms client_cpu0 client_cpu1
    python3 -c "
a, b, ms = '$1'.split(), '$2'.split(), $3
t = $CLK_TCK * ms / 1000
steal = f' cpu_steal={(int(b[2]) - int(a[2])) / t:.2f}' if len(a) > 2 and len(b) > 2 else ''
print(f'cpu_service={(int(b[0]) - int(a[0])) / t:.2f} cpu_pg={(int(b[1]) - int(a[1])) / t:.2f} cpu_client={($5 - $4) * 1000 / ms:.2f}{steal}')"
}

# The database state a scenario starts from: users, pending (not yet merged) pages of the email GIN
# index, when autovacuum last analyzed / vacuumed users. Goes to db-state.txt.
db_state() {
    sql "select '$1: users=' || (select count(*) from users) || ' gin_pending_pages=' || (select pending_pages from pgstatginindex('users_email_values'))
            || ' last_analyze=' || coalesce(to_char(greatest(last_analyze, last_autoanalyze), 'HH24:MI:SS'), 'never')
            || ' last_vacuum=' || coalesce(to_char(greatest(last_vacuum, last_autovacuum), 'HH24:MI:SS'), 'never')
         from pg_stat_user_tables where relname = 'users'" >>"$OUT/db-state.txt" 2>/dev/null || true
}

# One timed wrk run of a scenario script; its RESULT line goes to results.txt.
wrk_run() {   # name script connections threads duration [extra wrk args...]
    local name=$1 script=$2 conns=$3 threads=$4 duration=$5
    shift 5
    if [[ "$WARMUP" != 0 && "$WARMUP" != 0s ]]; then
        log "warm-up $name: wrk -t$threads -c$conns -d$WARMUP -s bench/$script (not recorded)"
        PHASE=warmup WRK_THREADS=$threads run_child wrk -t"$threads" -c"$conns" -d"$WARMUP" --timeout 10s \
            -s "$BENCH_DIR/$script" "$@" "$URL" >"$OUT/$name.warmup.txt" 2>&1 || true
    fi
    log "scenario $name: wrk -t$threads -c$conns -d$duration -s bench/$script"
    db_state "$name"
    jfr_start "$name"; pgss_reset
    local t0 t1 c0 k0
    c0=$(cpu_seconds)
    children_cpu; k0=$CHILDREN_CPU
    t0=$(now_ms)
    WRK_THREADS=$threads run_child wrk -t"$threads" -c"$conns" -d"$duration" --timeout 10s --latency \
        -s "$BENCH_DIR/$script" "$@" "$URL" >"$OUT/$name.wrk.txt" 2>&1 || log "wrk exited non-zero for $name"
    t1=$(now_ms)
    children_cpu
    local cpu
    cpu=$(cpu_used "$c0" "$(cpu_seconds)" $((t1 - t0)) "$k0" "$CHILDREN_CPU")
    jfr_stop "$name"; pgss_dump "$name"
    local line
    line=$(grep '^RESULT ' "$OUT/$name.wrk.txt" || echo "RESULT requests=0 failed=1")
    grep '^FIRST_FAILURE ' "$OUT/$name.wrk.txt" >&2 || true
    record "$name ${line#RESULT } rss_mb=$(max_rss_mb "$t0" "$t1") $cpu"
    log "  $(tail -n1 "$RESULTS")"
}

# ---------------------------------------------------------------------------------------------
# e. The initial Entra cycle, which also seeds the USERS users every later scenario uses:
#    WORKERS workers, each GET-by-work-email (0 results) then POST for its share of the users.
run_cycle() {
    local done_dir="$OUT/cycle-done"
    rm -rf "$done_dir"; mkdir -p "$done_dir"
    log "scenario e: initial cycle of $USERS users by $WORKERS workers (wrk -t$WORKERS -c$WORKERS -s bench/cycle.lua, at most ${CYCLE_TIMEOUT} s)"
    db_state e
    jfr_start e; pgss_reset
    local t0 t1 c0 k0 finished=0
    c0=$(cpu_seconds)
    children_cpu; k0=$CHILDREN_CPU
    t0=$(now_ms)
    DONE_DIR="$done_dir" WRK_THREADS=$WORKERS wrk -t"$WORKERS" -c"$WORKERS" -d"${CYCLE_TIMEOUT}s" --timeout 10s --latency \
        -s "$BENCH_DIR/cycle.lua" "$URL" >"$OUT/e.wrk.txt" 2>&1 &
    CHILD_PID=$!
    # wrk runs for its whole -d; stop it (SIGINT makes it print its summary) once every worker is done
    for _ in $(seq 1 $((CYCLE_TIMEOUT * 10))); do
        if (($(find "$done_dir" -type f | wc -l) >= WORKERS)); then finished=1; break; fi
        kill -0 "$CHILD_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -INT "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" || true
    CHILD_PID=""
    t1=$(now_ms)
    children_cpu
    local cpu
    cpu=$(cpu_used "$c0" "$(cpu_seconds)" $((t1 - t0)) "$k0" "$CHILDREN_CPU")
    jfr_stop e; pgss_dump e
    grep '^FIRST_FAILURE ' "$OUT/e.wrk.txt" >&2 || true
    local line elapsed created
    line=$(grep '^RESULT ' "$OUT/e.wrk.txt" || echo "RESULT requests=0 failed=1")
    created=$(sql "select count(*) from users where email like 'user%@bench.example'")
    if ((finished)); then
        elapsed=$(cat "$done_dir"/* | python3 -c 'import sys; r=[l.split() for l in sys.stdin]; print(f"{max(float(e) for _, e in r) - min(float(s) for s, _ in r):.2f}")')
    else
        elapsed="unfinished"
    fi
    local requests
    requests=$(field "$line" requests)
    record "e ${line#RESULT } elapsed_s=$elapsed users_created=$created finished=$finished rss_mb=$(max_rss_mb "$t0" "$t1") $cpu" \
        "cycle_rps=$([[ $finished == 1 ]] && python3 -c "print(f'{$requests / $elapsed:.1f}')" || echo -)"
    log "  $(tail -n1 "$RESULTS")"
    ((created == USERS)) || log "WARNING: the cycle created $created of $USERS users; later scenarios run on what exists"
}

# The statement the service runs for the matching query, captured from PostgreSQL's log during one
# probe request; bench/sql/lookup.sql must be the same statement, else the captured one is used (and
# the run says so), so that pgbench always runs what the service runs. Sets LOOKUP_SQL.
capture_lookup_sql() {
    local probe="user1@bench.example"
    sql "alter system set log_min_duration_statement = 0" >/dev/null; sql "select pg_reload_conf()" >/dev/null
    sleep 0.5
    curl -s -o /dev/null -G "$URL/scim/v2/Users" -H "Authorization: Bearer $TOKEN" \
        --data-urlencode "filter=emails[type eq \"work\"].value eq \"$probe\""
    sql "alter system reset log_min_duration_statement" >/dev/null; sql "select pg_reload_conf()" >/dev/null
    LOOKUP_SQL="$BENCH_DIR/sql/lookup.sql"
    if ! python3 "$BENCH_DIR/lookup_sql.py" "$PGDATA_ROOT/postgresql.log" "$probe" "$ORG_ID" "$PROVIDER_ID" >"$OUT/lookup.sql"; then
        log "WARNING: could not capture the service's lookup statement; pgbench runs bench/sql/lookup.sql as committed"
        return 0
    fi
    if diff <(grep -v '^--' "$OUT/lookup.sql") <(grep -v '^--' "$BENCH_DIR/sql/lookup.sql") >/dev/null; then
        log "bench/sql/lookup.sql is the statement the service sends (checked against the PostgreSQL log)"
    else
        log "WARNING: bench/sql/lookup.sql differs from the statement the service sends now; pgbench runs the captured one ($OUT/lookup.sql)"
        LOOKUP_SQL="$OUT/lookup.sql"
    fi
}

# a. The matching query, and pgbench running the same SELECT beside it: the physical limit.
#    run_lookup [name [connections]]: a32 is the same with 32 connections (and 32 pgbench clients).
run_lookup() {
    local name=${1:-a} conns=${2:-$CONNECTIONS}
    [[ $(sql "select exists (select 1 from users where email = 'user1@bench.example')") == t ]] \
        || die "scenario $name looks up the users of the initial cycle: list e before it (SCENARIOS=\"e $name\")"
    capture_lookup_sql
    wrk_run "$name" lookup.lua "$conns" "$THREADS" "$DURATION"
    # a′: pgbench as issue 7 specifies it, under PostgreSQL's default plan cache (auto), as the
    # service runs: the reference of the target. PostgreSQL's plan cache picks, per connection and
    # from the costs of the first executions, between re-planning the statement at every execution
    # (custom plans) and one generic plan; re-planning costs more than executing this indexed
    # lookup. a″: the same with one generic plan (plan_cache_mode = force_generic_plan), i.e. what
    # the database can really do, to show what that pick costs.
    run_pgbench "$name-pgbench" auto "$conns"
    run_pgbench "$name-pgbench-generic" force_generic_plan "$conns"
    [[ "$name" == a ]] && explain_lookup
    return 0
}

run_pgbench() {   # name plan_cache_mode [clients]
    local name=$1 mode=$2 clients=${3:-$CONNECTIONS} seconds=${DURATION%s}
    log "scenario $name: PGOPTIONS='-c plan_cache_mode=$mode' pgbench -n -M prepared -c $clients -j 2 -T $seconds -f ${LOOKUP_SQL#"$ROOT/"}"
    db_state "$name"
    pgss_reset
    rm -f "$OUT"/pgbench_log.*
    local c0 k0 t0 t1
    c0=$(cpu_seconds)
    children_cpu; k0=$CHILDREN_CPU
    t0=$(now_ms)
    (cd "$OUT" && PGOPTIONS="-c plan_cache_mode=$mode" PGPASSWORD=bench run_child "$PGBIN/pgbench" -n -M prepared \
        -c "$clients" -j 2 -T "$seconds" \
        -D users="$USERS" -D org="$ORG_ID" -D provider="$PROVIDER_ID" -l --log-prefix=pgbench_log \
        -h 127.0.0.1 -p "$PGPORT" -U postgres -f "$LOOKUP_SQL" scim) >"$OUT/$name.txt" 2>&1 \
        || log "pgbench exited non-zero"
    t1=$(now_ms)
    children_cpu
    local cpu
    cpu=$(cpu_used "$c0" "$(cpu_seconds)" $((t1 - t0)) "$k0" "$CHILDREN_CPU")
    pgss_dump "$name"
    local tps failed p50 p99
    tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$OUT/$name.txt" | tail -1)
    failed=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$OUT/$name.txt")
    read -r p50 p99 < <(cat "$OUT"/pgbench_log.* 2>/dev/null | python3 -c '
import sys
lat = sorted(int(l.split()[2]) for l in sys.stdin if l.strip())
pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p / 100))] / 1000 if lat else float("nan")
print(f"{pct(50):.2f} {pct(99):.2f}")')
    rm -f "$OUT"/pgbench_log.*
    [[ -n "$tps" ]] || failed=${failed:-1}
    record "$name rps=${tps:-0} p50_ms=$p50 p99_ms=$p99 failed=${failed:-0} socket_errors=0 $cpu plan_cache_mode=$mode clients=$clients script=${LOOKUP_SQL#"$ROOT/"}"
    log "  $(tail -n1 "$RESULTS")"
}

# c. needs the ids of the users the cycle created.
run_patch() {
    sql "select id || ' ' || substring(email from 'user([0-9]+)@') from users where email like 'user%@bench.example'" >"$OUT/user-ids.txt"
    USER_IDS="$OUT/user-ids.txt" wrk_run c patch.lua "$CONNECTIONS" "$THREADS" "$DURATION"
}

# d. A group of all USERS cycle users (memberships written by SQL) and a group of 10; add and remove
#    members that are in neither (the users b created), on each group in turn.
run_groups() {
    local status
    status=$(curl -s -o "$OUT/d-probe.json" -w '%{http_code}' -X POST "$URL/scim/v2/Groups" \
        -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/scim+json' \
        -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"bench-big-$RUN_ID\"}")
    if [[ "$status" == 404 ]]; then
        log "SKIPPED: /Groups not available (POST /Groups answered 404)"
        record "d-big skipped=1 reason=/Groups_not_available_(POST_/Groups_answered_404)"
        record "d-small skipped=1 reason=/Groups_not_available_(POST_/Groups_answered_404)"
        return 0
    fi
    if [[ "$status" != 201 ]]; then
        log "SKIPPED: POST /Groups answered $status: $(head -c 300 "$OUT/d-probe.json")"
        record "d-big skipped=1 reason=POST_/Groups_answered_$status"
        record "d-small skipped=1 reason=POST_/Groups_answered_$status"
        return 0
    fi
    local big small
    big=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$OUT/d-probe.json")
    small=$(curl -s -X POST "$URL/scim/v2/Groups" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/scim+json' \
        -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"bench-small-$RUN_ID\"}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    log "seeding memberships by SQL: all cycle users into group $big, 10 into group $small"
    sql "insert into team_members (team_id, user_id) select '$big', id from users where email like 'user%@bench.example';
         insert into team_members (team_id, user_id) select '$small', id from users where email like 'user%@bench.example' order by id limit 10;
         analyze team_members" >/dev/null
    log "  members: big $(sql "select count(*) from team_members where team_id = '$big'"), small $(sql "select count(*) from team_members where team_id = '$small'")"
    sql "select id from users where email like 'post-%@bench.example' order by id limit 10000" >"$OUT/candidates.txt"
    (($(wc -l <"$OUT/candidates.txt") >= THREADS)) || die "scenario d needs users outside both groups: run scenario b before d"
    CANDIDATES="$OUT/candidates.txt" GROUP_ID=$big wrk_run d-big group.lua "$CONNECTIONS" "$THREADS" "$DURATION"
    CANDIDATES="$OUT/candidates.txt" GROUP_ID=$small wrk_run d-small group.lua "$CONNECTIONS" "$THREADS" "$DURATION"
}

# noisy. Noisy neighbours (issue 11 item 4, product.md §9): the service restarted with a per-provider
#    rate limit of NOISY_LIMIT; the victim (the bootstrap provider, over the cycle's users) runs the
#    lookup paced below its limit, alone (noisy-quiet) and then while another organization's provider
#    floods unpaced with NOISY_FLOOD_CONNECTIONS connections (noisy-flooded). The promise: the flooder
#    gets 429s and the victim's p99 stays within 2x of noisy-quiet's.
run_noisy() {
    local limit=${NOISY_LIMIT:-200} flood_conns=${NOISY_FLOOD_CONNECTIONS:-16}
    local victim_conns=${VICTIM_CONNECTIONS:-4} victim_delay=${VICTIM_DELAY_MS:-40} seconds=${DURATION%s}
    log "scenario noisy: restarting the service with scim.rate-limit.per-provider=$limit"
    stop_service
    SERVICE_RATE_LIMIT=$limit start_service "$OUT/service-noisy.log"
    # the flooder: an organization of its own with SCIM on, its default provider, a provider key whose
    # token is known here (only its SHA-256 is stored, as the service stores keys)
    local org provider flood_token
    org=$(python3 -c 'import uuid; print(uuid.uuid4())'); provider=$(python3 -c 'import uuid; print(uuid.uuid4())')
    flood_token="scim_noisy$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
    sql "insert into organizations (id, name, scim_enabled) values ('$org', 'noisy flooder', true);
         insert into scim_providers (id, organization_id, name, is_default) values ('$provider', '$org', 'flooder', true);
         insert into api_keys (id, organization_id, scim_provider_id, name, token_hash, hint)
         values (gen_random_uuid(), '$org', '$provider', 'flood', sha256(convert_to('$flood_token', 'UTF8')), 'noisy')" >/dev/null
    local probe
    probe=$(curl -s -o /dev/null -w '%{http_code}' -G "$URL/scim/v2/Users" -H "Authorization: Bearer $flood_token" --data-urlencode 'filter=userName eq "x"')
    [[ "$probe" == 200 ]] || die "scenario noisy: the flooder's key answered $probe, not 200"
    VICTIM_DELAY_MS=$victim_delay wrk_run noisy-quiet noisy-victim.lua "$victim_conns" 2 "$DURATION"
    # the flood starts first and outlasts the victim's run (its warm-up included) on both sides
    local flood_seconds=$((seconds + 10 + ${WARMUP%s}))
    log "scenario noisy: flooding with wrk -t2 -c$flood_conns -d${flood_seconds}s -s bench/noisy-flood.lua (another provider)"
    SCIM_TOKEN=$flood_token WRK_THREADS=2 wrk -t2 -c"$flood_conns" -d"${flood_seconds}s" --timeout 10s \
        -s "$BENCH_DIR/noisy-flood.lua" "$URL" >"$OUT/noisy-flood.wrk.txt" 2>&1 &
    local flood_pid=$!
    sleep 3
    VICTIM_DELAY_MS=$victim_delay wrk_run noisy-flooded noisy-victim.lua "$victim_conns" 2 "$DURATION"
    wait "$flood_pid" || log "the flooder's wrk exited non-zero"
    local flood quiet_p99 flooded_p99
    flood=$(grep '^FLOOD ' "$OUT/noisy-flood.wrk.txt" || echo "FLOOD requests=0 failed=1")
    quiet_p99=$(field "$(grep '^noisy-quiet ' "$RESULTS" | tail -1)" p99_ms)
    flooded_p99=$(field "$(grep '^noisy-flooded ' "$RESULTS" | tail -1)" p99_ms)
    record "noisy-flooder ${flood#FLOOD } limit_rps=$limit connections=$flood_conns"
    record "noisy-verdict quiet_p99_ms=$quiet_p99 flooded_p99_ms=$flooded_p99 ratio=$(python3 -c "print(f'{$flooded_p99 / $quiet_p99:.2f}')") promise=2.00"
    log "  $(tail -n2 "$RESULTS" | tr '\n' ' ')"
}

# t. Many tenants: TENANTS organizations of TENANT_USERS users and one of LARGE_TENANT_USERS, seeded by
#    SQL (organization, default provider, users as the service stores them; then VACUUM ANALYZE). The
#    lookup of scenario a as KEYED_TENANTS small tenants in turn (t-small: each request a random one of
#    them) and as the large one (t-large); then NEW_TENANTS brand-new organizations, each created by SQL
#    while the service runs and asked once: its first GET (0 results) and its first POST, timed by curl.
tenant_keys() {   # file-prefix "k1 k2 ..." users: an API key (provider key) per tenant; "<token> <domain> <users>" lines
    local file=$1 users=$3
    python3 - "$2" "$users" "$file" <<'PY' >"$file.sql"
import secrets, sys
ks, users, path = sys.argv[1].split(), sys.argv[2], sys.argv[3]
with open(path, "w") as out:
    for k in ks:
        token = "scim_" + secrets.token_urlsafe(32)
        out.write(f"{token} t{k}.bench.example {users}\n")
        print(f"insert into api_keys (id, organization_id, scim_provider_id, name, token_hash, hint) values (gen_random_uuid(), "
              f"md5('bench-org-{k}')::uuid, md5('bench-provider-{k}')::uuid, 'bench', sha256(convert_to('{token}', 'UTF8')), '{token[-4:]}');")
PY
    "${PSQL[@]}" -d scim -f "$file.sql" >/dev/null
}
seed_tenants() {   # first last users-each
    sql "insert into organizations (id, name, scim_enabled) select md5('bench-org-' || k)::uuid, 'bench tenant ' || k, true
             from generate_series($1, $2) k;
         insert into scim_providers (id, organization_id, name, is_default) select md5('bench-provider-' || k)::uuid,
             md5('bench-org-' || k)::uuid, 'Entra', true from generate_series($1, $2) k;
         insert into users (id, organization_id, email, display_name, role, active, scim_provider_id, scim, user_name, external_id)
         select gen_random_uuid(), md5('bench-org-' || k)::uuid, e, 'User ' || n, 'limited', true, md5('bench-provider-' || k)::uuid,
                jsonb_build_object('schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User'), 'userName', e,
                    'active', true, 'displayName', 'User ' || n, 'externalId', 'ext-' || n,
                    'emails', jsonb_build_array(jsonb_build_object('primary', true, 'type', 'work', 'value', e))),
                e, 'ext-' || n
         from generate_series($1, $2) k cross join generate_series(1, $3) n
              cross join lateral (select 'user' || n || '@t' || k || '.bench.example' as e) x" >/dev/null
}
run_tenants() {
    local t0
    t0=$(now)
    log "scenario t: seeding by SQL $TENANTS organizations of $TENANT_USERS users and one of $LARGE_TENANT_USERS"
    seed_tenants 0 0 "$LARGE_TENANT_USERS"
    for ((first = 1; first <= TENANTS; first += 1000)); do   # in slices: one transaction per 1 000 organizations
        seed_tenants "$first" "$((first + 999 < TENANTS ? first + 999 : TENANTS))" "$TENANT_USERS"
    done
    sql "vacuum analyze users" >/dev/null
    sql "vacuum analyze organizations" >/dev/null
    log "  seeded in $(python3 -c "print(f'{$(now) - $t0:.1f}')") s: $(sql "select count(*) from organizations") organizations, $(sql "select count(*) from users") users"
    local keyed
    keyed=$(seq 1 "$((KEYED_TENANTS < TENANTS ? KEYED_TENANTS : TENANTS))" | tr '\n' ' ')
    tenant_keys "$OUT/tenants-small.txt" "$keyed" "$TENANT_USERS"
    tenant_keys "$OUT/tenants-large.txt" "0" "$LARGE_TENANT_USERS"
    # Both sides compared must meet a warm service: run alone (SCENARIOS=t), the service has just started and
    # the first recorded side would pay for the JIT. T_WARMUP of both, unrecorded, before either is recorded.
    local side
    for side in small large; do
        log "warm-up t-$side: wrk -d${T_WARMUP:-20s} (not recorded)"
        TENANTS_FILE="$OUT/tenants-$side.txt" PHASE=warmup WRK_THREADS=$THREADS run_child wrk -t"$THREADS" -c"$CONNECTIONS" \
            -d"${T_WARMUP:-20s}" --timeout 10s -s "$BENCH_DIR/lookup.lua" "$URL" >"$OUT/t-$side.prewarm.txt" 2>&1 || true
    done
    TENANTS_FILE="$OUT/tenants-small.txt" wrk_run t-small lookup.lua "$CONNECTIONS" "$THREADS" "$DURATION"
    TENANTS_FILE="$OUT/tenants-large.txt" wrk_run t-large lookup.lua "$CONNECTIONS" "$THREADS" "$DURATION"
    # brand-new tenants: created while the service runs, each asked once as Entra starts (GET, then POST)
    local i k token status get_ms=() post_ms=() failed=0
    for i in $(seq 1 "$NEW_TENANTS"); do
        k="new-$RUN_ID-$i"
        sql "insert into organizations (id, name, scim_enabled) values (md5('bench-org-$k')::uuid, 'bench new tenant $i', true);
             insert into scim_providers (id, organization_id, name, is_default) values (md5('bench-provider-$k')::uuid, md5('bench-org-$k')::uuid, 'Entra', true)" >/dev/null
        tenant_keys "$OUT/tenant-new-$i.txt" "$k" 0
        token=$(cut -d' ' -f1 "$OUT/tenant-new-$i.txt")
        read -r status ms < <(curl -s -o "$OUT/tenant-new-$i.get.json" -w '%{http_code} %{time_total}\n' -G "$URL/scim/v2/Users" \
            -H "Authorization: Bearer $token" --data-urlencode "filter=emails[type eq \"work\"].value eq \"first@t$k.bench.example\"")
        grep -q '"totalResults":0' "$OUT/tenant-new-$i.get.json" && [[ "$status" == 200 ]] || failed=$((failed + 1))
        get_ms+=("$(python3 -c "print(f'{$ms * 1000:.2f}')")")
        read -r status ms < <(curl -s -o "$OUT/tenant-new-$i.post.json" -w '%{http_code} %{time_total}\n' -X POST "$URL/scim/v2/Users" \
            -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
            -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"first@t$k.bench.example\",\"active\":true,\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"first@t$k.bench.example\"}]}")
        [[ "$status" == 201 ]] || failed=$((failed + 1))
        post_ms+=("$(python3 -c "print(f'{$ms * 1000:.2f}')")")
    done
    local stats
    stats=$(python3 -c '
import statistics, sys
g, p = [float(x) for x in sys.argv[1].split()], [float(x) for x in sys.argv[2].split()]
print(f"get_p50_ms={statistics.median(g):.2f} get_max_ms={max(g):.2f} post_p50_ms={statistics.median(p):.2f} post_max_ms={max(p):.2f}")' \
        "${get_ms[*]}" "${post_ms[*]}")
    record "t-new tenants=$NEW_TENANTS $stats failed=$failed socket_errors=0 get_all_ms=$(IFS=,; echo "${get_ms[*]}")"
    log "  $(tail -n1 "$RESULTS")"
}

for s in $SCENARIOS; do
    case $s in
        e) run_cycle; require_service e ;;
    esac
done
if [[ "$VACUUM" == 1 ]]; then
    log "VACUUM ANALYZE users (what autovacuum does soon after a bulk load; VACUUM=0 skips it)"
    db_state before-vacuum
    sql "vacuum analyze users" >/dev/null
fi
for s in $SCENARIOS; do
    case $s in
        a) run_lookup ;;
        a32) run_lookup a32 32 ;;
        t) run_tenants ;;
        b) wrk_run b post.lua "$CONNECTIONS" "$THREADS" "$DURATION" ;;
        c) run_patch ;;
        d) run_groups ;;
        noisy) run_noisy ;;
        z) wrk_run z floor.lua "$CONNECTIONS" "$THREADS" "$DURATION" ;;
        e) ;;
        *) die "unknown scenario '$s'" ;;
    esac
    require_service "$s"
done

if [[ "$PROFILE" == 1 ]]; then   # where the service's resident memory goes
    jcmd "$SERVICE_PID" VM.native_memory summary >"$OUT/native-memory.txt" 2>&1 || true
    jcmd "$SERVICE_PID" GC.heap_info >>"$OUT/native-memory.txt" 2>&1 || true
fi
# g. RESTARTS more starts against the now migrated and populated database: what a replica that
#    joins a running deployment (or restarts) sees, without the first start's migrations.
if ((RESTARTS > 0)); then
    require_service restarts
    stop_service
    wait "$SAMPLER_PID" 2>/dev/null || true
    restart_ready=() restart_rss=()
    for i in $(seq 1 "$RESTARTS"); do
        start_service "$OUT/service-restart-$i.log"
        sleep 2
        restart_ready+=("$READY_S") restart_rss+=("$(rss_mb)")
        log "restart $i: ready in ${READY_S} s, RSS idle ${restart_rss[-1]} MB"
        stop_service
    done
    median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
    record "g ready_s=$(median "${restart_ready[@]}") rss_idle_mb=$(median "${restart_rss[@]}") restarts=$RESTARTS all_ready_s=$(IFS=,; echo "${restart_ready[*]}") runner=$RUNNER"
fi
LOAD_AFTER=$(uptime)
RSS_MAX=$(awk '$2 > m {m = $2} END {printf "%.0f", m / 1024}' "$OUT/rss.log")
record "f ready_s=$READY_S rss_idle_mb=$RSS_IDLE_MB rss_max_mb=$RSS_MAX runner=$RUNNER"
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ) commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'none (not a git checkout)')$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (+ uncommitted changes under src/ or pom.xml, or no git)')"
    echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs) mem=$(free -g | awk '/^Mem:/ {print $2}')G"
    echo "postgresql: $(sql 'show server_version') fsync=$(sql 'show fsync') shared_buffers=$(sql 'show shared_buffers'); service ($RUNNER) ${JAVA_OPTS[*]}"
    echo "knobs: RUNNER=$RUNNER RESTARTS=$RESTARTS USERS=$USERS DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS THREADS=$THREADS WORKERS=$WORKERS VACUUM=$VACUUM PROFILE=$PROFILE MALLOC_ARENA_MAX=$MALLOC_ARENAS${EXTRA_SQL:+ EXTRA_SQL=\"$EXTRA_SQL\"}"
    echo "load before: ${LOAD_BEFORE##*load average: }"
    echo "load after:  ${LOAD_AFTER##*load average: }"
} >"$OUT/context.txt"
python3 "$BENCH_DIR/report.py" "$RESULTS" "$OUT/context.txt" | tee "$OUT/table.md"
echo "Database state at the start of each scenario:"
sed 's/^/  /' "$OUT/db-state.txt"
echo "Logs and raw outputs: $OUT"
