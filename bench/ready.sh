#!/usr/bin/env bash
# Time to ready and resident memory of the packaged service, started N times against a running PostgreSQL.
#   bash bench/ready.sh DIR LABEL [N]
# DIR holds target/quarkus-app (e.g. a worktree of the commit to measure); PGHOST/PGPORT/PGDATABASE/PGUSER
# (default 127.0.0.1:55432, scim, postgres) name the database, which must exist. Prints, per start: ms from
# process start to the first 200 of /q/health/ready, the CPU seconds spent until then, the RSS 3 s after,
# and how many JDBC connections the process holds then. Interleave two DIRs to compare them in one sitting.
set -euo pipefail
JAR=$1/target/quarkus-app/quarkus-run.jar; LABEL=$2; N=${3:-3}
HOST=${PGHOST:-127.0.0.1} PORT=${PGPORT:-55432} DB=${PGDATABASE:-scim} USER_=${PGUSER:-postgres}
export QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://$HOST:$PORT/$DB" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$HOST:$PORT/$DB"
export QUARKUS_DATASOURCE_USERNAME=$USER_ QUARKUS_DATASOURCE_PASSWORD=${PGPASSWORD:-x} QUARKUS_HTTP_PORT=${HTTP_PORT:-18080}
export SCIM_BOOTSTRAP_ENABLED=false MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
for i in $(seq "$N"); do
  t0=$(date +%s%N); java -jar "$JAR" >"/tmp/ready-$LABEL-$i.log" 2>&1 & pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$QUARKUS_HTTP_PORT/q/health/ready"; do sleep 0.05; done
  t1=$(date +%s%N); cpu=$(awk '{printf "%.2f", ($14+$15)/100}' /proc/$pid/stat); sleep 3
  rss=$(awk '/VmRSS/{print int($2/1024)}' /proc/$pid/status)
  jdbc=$(psql -h "$HOST" -p "$PORT" -U "$USER_" -Atc "select count(*) from pg_stat_activity where datname = '$DB'
      and application_name = 'PostgreSQL JDBC Driver' and pid <> pg_backend_pid()" "$DB")
  echo "$LABEL run $i: ready $(( (t1-t0)/1000000 )) ms, CPU to ready $cpu s, RSS 3 s after ready $rss MB, JDBC connections $jdbc"
  kill $pid; wait $pid 2>/dev/null || true
done
