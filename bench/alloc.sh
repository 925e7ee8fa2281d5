#!/usr/bin/env bash
# Allocation per request over HTTP, GET /health (the floor of the HTTP stack: Jetty, Javalin, our adapter) and
# client_credentials with client_secret_basic (ES256 JWT), on one server (default embedded storage), with the
# method of run-load.sh's allocation figure: JFR jdk.ThreadAllocationStatistics summed over the server's threads
# between the start and the end of one wrk run, divided by the requests answered.
#
#   bench/alloc.sh                       # the server jar of this tree
#   JARS="old.jar new.jar" bench/alloc.sh # several server jars, one after the other, one table
#   PROFILE=1 bench/alloc.sh             # also a JFR allocation profile (jdk.ObjectAllocationSample with stacks)
#                                        # per scenario: bench/target/alloc/profile-*.jfr, top sites as text, and
#                                        # profile-*-per-request.txt (sites in bytes per request, outliers left out)
#
# Options from the environment: WARMUP, DURATION (s, default 10 each), CONNECTIONS (8), ROUNDS (2: each jar's
# health/token pair is measured ROUNDS times, alternating jars, and every figure is printed).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/target/alloc"
JARS="${JARS:-$ROOT/server/target/authdesign-server.jar}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JDK_BIN="$(dirname "$(readlink -f "$(command -v "$JAVA")")")"
WARMUP="${WARMUP:-10}" DURATION="${DURATION:-10}" CONNECTIONS="${CONNECTIONS:-8}" ROUNDS="${ROUNDS:-2}"
PROFILE="${PROFILE:-0}"

CLIENT=bench-client
SECRET="bench-secret-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
BASIC="$(printf '%s:%s' "$CLIENT" "$SECRET" | base64 -w0)"
export BASIC

rm -rf "$OUT"
mkdir -p "$OUT"
log() { echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

cat >"$OUT/profile.jfc" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="allocation profile" description="allocation samples with stacks">
  <event name="jdk.ObjectAllocationSample">
    <setting name="enabled">true</setting>
    <setting name="throttle">5000/s</setting>
    <setting name="stackTrace">true</setting>
  </event>
</configuration>
JFC

# start NAME JAR: a server with the default embedded storage on a free port; sets PID and BASE
start() {
    local name="$1" jar="$2" port aot opts
    port="$(free_port)"
    BASE="http://127.0.0.1:$port"
    cat >"$OUT/$name.yaml" <<YAML
issuer: $BASE
host: 127.0.0.1
port: $port
tokenTtl: 3600
signing:
  algorithm: ES256
storage: {type: file, path: $OUT/data-$name}
clients:
  - clientId: $CLIENT
    clientSecret: $SECRET
    authMethods: [client_secret_basic]
    grantTypes: [client_credentials]
    scopes: [read, write]
    redirectUris: []
users:
  - username: bench-user
    password: bench-password-unused-1
YAML
    aot="${jar%.jar}.aot"
    opts="@$ROOT/server/jvm.options"
    [ -f "$aot" ] && opts="$opts -XX:AOTCache=$aot"
    # shellcheck disable=SC2086
    "$JAVA" $opts -jar "$jar" --config "$OUT/$name.yaml" >"$OUT/server-$name.log" 2>&1 &
    PID=$!
    PIDS+=("$PID")
    until curl -sf -u "$CLIENT:$SECRET" -d grant_type=client_credentials -d scope=read "$BASE/oauth2/token" >/dev/null 2>&1; do
        kill -0 "$PID" 2>/dev/null || { cat "$OUT/server-$name.log" >&2; exit 1; }
        sleep 0.05
    done
}

# wrk_requests SECONDS URL [wrk options]: answered requests of one closed-loop run (non-2xx fail the script)
wrk_requests() {
    local seconds="$1" url="$2" file
    file="$(mktemp "$OUT/wrk.XXXX")"
    shift 2
    wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 30s "$@" "$url" >"$file" 2>&1
    if grep -q 'Non-2xx' "$file"; then cat "$file" >&2; exit 1; fi
    awk '/requests in/ { print $1 }' "$file"
}

# alloc PID SECONDS URL [wrk options]: bytes allocated by all the server's threads per answered request
alloc() {
    local pid="$1" seconds="$2" url="$3" jfr requests
    shift 3
    jfr="$(mktemp -u "$OUT/stats.XXXX").jfr"
    "$JDK_BIN/jcmd" "$pid" JFR.start name=alloc settings="$ROOT/bench/load/alloc-stats.jfc" filename="$jfr" >/dev/null
    requests="$(wrk_requests "$seconds" "$url" "$@")"
    "$JDK_BIN/jcmd" "$pid" JFR.stop name=alloc >/dev/null
    "$JDK_BIN/jfr" print --json --events jdk.ThreadAllocationStatistics "$jfr" |
        python3 "$ROOT/bench/load/alloc-per-request.py" "$requests"
}

# profile NAME PID SECONDS URL [wrk options]: allocation samples with stacks over one run; top sites as text, and
# per request without the samples that carry a quiet thread's whole history (bench/load/alloc-sites.py)
profile() {
    local name="$1" pid="$2" seconds="$3" url="$4" jfr="$OUT/profile-$1.jfr" requests
    shift 4
    "$JDK_BIN/jcmd" "$pid" JFR.start name=profile settings="$OUT/profile.jfc" filename="$jfr" >/dev/null
    requests="$(wrk_requests "$seconds" "$url" "$@")"
    "$JDK_BIN/jcmd" "$pid" JFR.stop name=profile >/dev/null
    "$JDK_BIN/jfr" print --json --stack-depth 16 --events jdk.ObjectAllocationSample "$jfr" |
        python3 "$ROOT/bench/load/alloc-sites.py" "$requests" >"$OUT/profile-$name-per-request.txt" 2>&1 || true
    "$JDK_BIN/jfr" view --width 220 --cell-height 1 allocation-by-site "$jfr" >"$OUT/profile-$name-sites.txt" 2>&1 || true
    "$JDK_BIN/jfr" view --width 220 --cell-height 1 allocation-by-class "$jfr" >"$OUT/profile-$name-classes.txt" 2>&1 || true
}

TOKEN_ARGS=(-s "$ROOT/bench/load/token.lua")
declare -A SERVER_PID SERVER_BASE
i=0
for jar in $JARS; do
    i=$((i + 1))
    start "s$i" "$jar"
    SERVER_PID[$i]="$PID" SERVER_BASE[$i]="$BASE"
    log "s$i ($jar): warm-up $WARMUP s of /health and $WARMUP s of token"
    wrk_requests "$WARMUP" "$BASE/health" >/dev/null
    wrk_requests "$WARMUP" "$BASE/oauth2/token" "${TOKEN_ARGS[@]}" >/dev/null
    if [ "$PROFILE" = 1 ]; then
        profile "s$i-health" "$PID" "$DURATION" "$BASE/health"
        profile "s$i-token" "$PID" "$DURATION" "$BASE/oauth2/token" "${TOKEN_ARGS[@]}"
    fi
    kill -STOP "$PID" # frozen while the other servers are measured
done

printf '%-60s %8s %8s %8s\n' "server jar (round)" "health" "token" "token-health" | tee "$OUT/table.txt"
for round in $(seq "$ROUNDS"); do
    i=0
    for jar in $JARS; do
        i=$((i + 1))
        pid="${SERVER_PID[$i]}" base="${SERVER_BASE[$i]}"
        kill -CONT "$pid"
        health="$(alloc "$pid" "$DURATION" "$base/health")"
        token="$(alloc "$pid" "$DURATION" "$base/oauth2/token" "${TOKEN_ARGS[@]}")"
        kill -STOP "$pid"
        printf '%-60s %8d %8d %8d\n' "$jar ($round)" "$health" "$token" $((token - health)) | tee -a "$OUT/table.txt"
    done
done
for pid in "${SERVER_PID[@]}"; do kill -CONT "$pid"; done
