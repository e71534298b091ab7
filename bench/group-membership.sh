#!/usr/bin/env bash
# Latency of adding and removing one member of a group, as Entra does it (one PATCH per change).
# Usage: bench/group-membership.sh <scim-base-url> <token> <group-id> <user-id> [iterations]
# The user must be in the provider's scope and not a member of the group. Each iteration adds the
# user (default dialect) and removes it again (flag dialect); warm-up iterations are not counted.
# Prints p50 / p99 (nearest rank) of each operation in milliseconds.
set -euo pipefail
base=$1 token=$2 group=$3 user=$4 n=${5:-50} warmup=${WARMUP:-20}
add='{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"'$user'"}]}]}'
remove='{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value eq \"'$user'\"]"}]}'
patch() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -X PATCH "$base/Groups/$group" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' -d "$1"
}
adds=() removes=()
for ((i = 0; i < warmup + n; i++)); do
  read -r code_a time_a < <(patch "$add")
  read -r code_r time_r < <(patch "$remove")
  [[ $code_a == 204 && $code_r == 204 ]] || { echo "unexpected status: add $code_a, remove $code_r" >&2; exit 1; }
  if ((i >= warmup)); then adds+=("$time_a"); removes+=("$time_r"); fi
done
stats() {
  printf '%s\n' "$@" | sort -g | awk -v name="$label" '{ v[NR] = $1 * 1000 } END {
    p50 = v[int((NR * 50 + 99) / 100)]; p99 = v[int((NR * 99 + 99) / 100)];
    printf "%-7s n=%d  p50=%.1f ms  p99=%.1f ms\n", name, NR, p50, p99 }'
}
label=add stats "${adds[@]}"
label=remove stats "${removes[@]}"
