#!/usr/bin/env bash
# Sustained refresh-token rotations on the default file storage, and what they do to its H2 file.
#
#   bench/rotations.sh [ROUNDS] [SECONDS] [extra JVM options...]     # default: 4 rounds of 10 s
#
# Starts the reference server with the README's launch options (server/jvm.options and the AOT cache) on a new
# file storage under bench/target/rotations, obtains 8 refresh-token families through the device flow (as
# bench/run-load.sh does), then runs ROUNDS runs of bench/load/refresh.lua (8 wrk threads, one family each), one
# after the other without a pause; the first round is the warm-up. After each round it prints the rotations per
# second, the families broken so far, the H2 file's size and the server's resident set. The server is then killed
# (SIGKILL, so that H2 does not compact at close and the file shows what the run left; KEEP=term stops it with
# SIGTERM instead). docs/PERFORMANCE.md, "The file storage's disk under sustained rotations", reads its output.
# Needs wrk and curl.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS="${1:-4}" SECONDS_PER_ROUND="${2:-10}"
shift $(($# < 2 ? $# : 2))
OUT="$ROOT/bench/target/rotations"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OPTS="${SERVER_JVM_OPTS:-@$ROOT/server/jvm.options} -XX:AOTCache=${AOT_CACHE:-$ROOT/server/target/authdesign-server.aot}"
rm -rf "$OUT" && mkdir -p "$OUT"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
cat >"$OUT/server.yaml" <<YAML
issuer: $BASE
host: 127.0.0.1
port: $PORT
signing:
  algorithm: ES256
storage: {type: file, path: $OUT/data}
clients:
  - clientId: device
    authMethods: [none]
    grantTypes: [device_code, refresh_token]
    scopes: [read]
users:
  - username: user
    password: rotations-password-1
YAML
# shellcheck disable=SC2086
"$JAVA" $OPTS "$@" -jar "$ROOT/server/target/authdesign-server.jar" --config "$OUT/server.yaml" >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill -9 $PID 2>/dev/null || true' EXIT
for _ in $(seq 200); do curl -sf "$BASE/health" >/dev/null && break; sleep 0.1; done

FAMILIES="$OUT/families.txt"
# shellcheck source=load/device-families.sh
. "$ROOT/bench/load/device-families.sh"
device_families "$BASE" "$FAMILIES" 8 device user rotations-password-1 "$OUT"

for round in $(seq "$ROUNDS"); do
    start="$(date +%s)"
    REFRESH_TOKENS="$FAMILIES" REFRESH_OUT="$FAMILIES.next" REFRESH_CLIENT=device STOP_AT=$((start + SECONDS_PER_ROUND)) \
        wrk -t8 -c8 -d$((SECONDS_PER_ROUND + 5))s --timeout 30s -s "$ROOT/bench/load/refresh.lua" "$BASE/oauth2/token" \
        >"$OUT/wrk-$round.txt" 2>&1
    mv "$FAMILIES.next" "$FAMILIES"
    done_now="$(awk '/requests in/ { print $1 }' "$OUT/wrk-$round.txt")"
    echo "round $round: $((done_now / SECONDS_PER_ROUND)) rotations/s ($done_now), broken families $(grep -c '^broken$' "$FAMILIES" || true)," \
        "H2 file $(du -m "$OUT/data/authdesign.mv.db" | cut -f1) MiB, RSS $(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$PID/status") MB"
done
if [ "${KEEP:-}" = term ]; then
    kill "$PID" && while kill -0 "$PID" 2>/dev/null; do sleep 0.1; done
fi
echo "H2 file after the server stopped: $(stat -c %s "$OUT/data/authdesign.mv.db") bytes; the server's log: $OUT/server.log"
