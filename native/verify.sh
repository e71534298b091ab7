#!/usr/bin/env bash
# Builds the native executable and runs the integration suite (*IT) against it, in one command.
#
#   bash native/verify.sh                     # setup (once), native build, the ITs against the executable
#   SKIP_BUILD=1 bash native/verify.sh        # the ITs against the executable already in target/
#
# Knobs (environment):
#   GRAALVM_HOME=<dir>   a GraalVM/Mandrel 25 home with bin/native-image. When it is not set and no
#                        native-image is on the PATH, the GraalVM-shaped home of
#                        ../shared/tools/graalvm-offline is assembled in GRAALVM_OFFLINE_HOME
#                        (default: graalvm-home beside that shared/) - the builder of this sandbox.
#   NATIVE_XMX=8g        heap of the image builder (quarkus.native.native-image-xmx)
#   SKIP_BUILD=1         do not build; test target/*-runner as it is
#   RUN_ARGS=-Xmx128m    arguments the executable is started with for the tests (quarkus.test.arg-line):
#                        half the heap cap of Dockerfile.native-micro and k8s-native/ (-Xmx256m), so that
#                        the suite, 100 000-member group included, shows it runs within what production gives it
#
# The build takes 8 to 9 minutes of both cores of a 2-core machine (longer when they are shared) and
# up to NATIVE_XMX of memory (4 GB peak seen); the ITs 3 to 4 more minutes. The unit and @QuarkusTest tests are not run here (./mvnw verify
# runs them, and the same ITs against the jar).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
NATIVE_XMX=${NATIVE_XMX:-8g}
RUN_ARGS=${RUN_ARGS:--Xmx128m}
log() { printf '[native %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Heavy work waits while the lead measures on a quiet machine (see the coordination notes).
wait_quiet() {
    while [[ -e /work/QUIET ]]; do log "waiting: /work/QUIET exists"; sleep 30; done
}

# 1. The builder.
if [[ -z "${GRAALVM_HOME:-}" ]] && command -v native-image >/dev/null; then
    GRAALVM_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v native-image)")")")
fi
if [[ -z "${GRAALVM_HOME:-}" ]]; then
    # ../shared beside the main checkout, ../../shared beside a worktree under wt/
    BASE=$(cd "$ROOT/.." && pwd)
    [[ -d "$BASE/shared/tools/graalvm-offline" ]] || BASE=$(cd "$ROOT/../.." && pwd)
    OFFLINE=$BASE/shared/tools/graalvm-offline
    GRAALVM_HOME=${GRAALVM_OFFLINE_HOME:-$BASE/graalvm-home}
    if [[ ! -x "$GRAALVM_HOME/bin/native-image" ]]; then
        [[ -x "$OFFLINE/setup.sh" ]] || die "no GraalVM: set GRAALVM_HOME to a GraalVM/Mandrel 25 home (or build in a container: see README, Deploying)"
        missing=()
        command -v gcc >/dev/null || missing+=(gcc)
        command -v ar >/dev/null || missing+=(binutils)
        [[ -f /usr/include/zlib.h ]] || missing+=(zlib1g-dev)
        command -v python3 >/dev/null || missing+=(python3)
        if ((${#missing[@]})); then
            [[ $EUID == 0 ]] || die "missing ${missing[*]}: apt-get install -y ${missing[*]}"
            log "installing from Debian: ${missing[*]}"
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
        fi
        log "assembling the offline GraalVM home in $GRAALVM_HOME"
        "$OFFLINE/setup.sh" "$GRAALVM_HOME" 25.0.2 >&2
    fi
fi
[[ -x "$GRAALVM_HOME/bin/native-image" ]] || die "$GRAALVM_HOME/bin/native-image not found"
log "builder: $("$GRAALVM_HOME/bin/native-image" --version | head -1) ($GRAALVM_HOME)"

MVN=(./mvnw -B -Dnative -Dquarkus.native.graalvm-home="$GRAALVM_HOME" -Dquarkus.native.native-image-xmx="$NATIVE_XMX")

# 2. The executable.
START=$(date +%s)
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    wait_quiet
    log "building: ${MVN[*]} package -DskipTests"
    "${MVN[@]}" package -DskipTests
fi
RUNNER=$(ls "$ROOT"/target/*-runner 2>/dev/null | head -1)
[[ -n "$RUNNER" && -x "$RUNNER" ]] || die "no native executable in target/ (build without SKIP_BUILD=1)"
# the integration tests launch what the last package step built: it must have been the native one
grep -q '^type=native$' "$ROOT/target/quarkus-artifact.properties" 2>/dev/null \
    || die "the last ./mvnw package built the jar, not the native executable: run without SKIP_BUILD=1"
BUILT=$(date +%s)
log "executable: ${RUNNER#"$ROOT/"} ($(du -m "$RUNNER" | cut -f1) MB), built in $((BUILT - START)) s"

# 3. Without a database it must refuse to start, saying what to set (no stack trace).
set +e
OUTPUT=$(env -u QUARKUS_DATASOURCE_REACTIVE_URL -u QUARKUS_DATASOURCE_JDBC_URL timeout 20 "$RUNNER" 2>&1)
STATUS=$?
set -e
if [[ $STATUS != 78 || "$OUTPUT" != *QUARKUS_DATASOURCE_REACTIVE_URL* || "$OUTPUT" == *Exception* ]]; then
    printf '%s\n' "$OUTPUT" >&2
    die "started without a datasource, the executable exited with $STATUS (expected 78 and the settings to make)"
fi
log "without a datasource: exit 78 and the settings to make, as expected"

# 4. The integration suite against the executable (failsafe only: the package step compiled the tests).
wait_quiet
log "integration tests: ${MVN[*]} -Dquarkus.test.arg-line=\"$RUN_ARGS\" failsafe:integration-test failsafe:verify"
"${MVN[@]}" -Dquarkus.test.arg-line="$RUN_ARGS" failsafe:integration-test failsafe:verify
log "native build and integration tests passed in $(($(date +%s) - START)) s (build $((BUILT - START)) s, tests $(($(date +%s) - BUILT)) s)"
