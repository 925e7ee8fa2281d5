#!/usr/bin/env bash
# HTTP load harness for the reference server: see docs/PERFORMANCE.md.
#
#   bench/run-load.sh            # all algorithms, 10 s per run, 8 connections (one thread per connection for refresh)
#   DURATION=5 ALGORITHMS="ES256" bench/run-load.sh
#   EXTRAS=0 JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/t.jfr" ALGORITHMS=ES256 bench/run-load.sh
#
# Builds server/target/authdesign-server.jar if it is missing, then per signing algorithm starts the
# server on a free loopback port with a generated config, measures JVM start -> first token, and drives
# it with wrk (keep-alive, CONNECTIONS connections, DURATION seconds per run): client_credentials token
# requests, refresh_token requests with rotation (CONNECTIONS refresh-token families obtained through the
# device flow beforehand; wrk -t CONNECTIONS -c CONNECTIONS so that each thread drives one family), and
# with the first algorithm also JWKS, discovery, GET /api/me with a JWT and GET /health (the same kind of
# route without authentication). Prints wrk's figures and a summary; the raw outputs
# are kept in bench/target/load/. JAVA_OPTS is passed to the server JVM.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/target/load"
JAR="$ROOT/server/target/authdesign-server.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
ALGORITHMS="${ALGORITHMS:-ES256 RS256 EdDSA}"
JAVA_OPTS="${JAVA_OPTS:-}"
EXTRAS="${EXTRAS:-1}"   # 0: token runs only
AOT="${AOT:-1}"         # 1: also measure start-up with a JDK AOT cache (JDK 25+), trained by one run
SMALL_OPTS="${SMALL_OPTS--XX:+UseSerialGC -Xmx64m -Xss512k}"   # the small-footprint ES256 run; empty to skip
CLIENT=bench-client
DEVICE_CLIENT=bench-device   # public client of the device flow, whose refresh tokens rotate
USER=bench-user
PASSWORD="bench-password-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
SECRET="bench-secret-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
BASIC="$(printf '%s:%s' "$CLIENT" "$SECRET" | base64 -w0)"
export BASIC

mkdir -p "$OUT"
if ! command -v wrk >/dev/null; then
    echo "Installing wrk (Debian package)..." >&2
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if [ ! -f "$JAR" ]; then
    echo "Building $JAR..." >&2
    (cd "$ROOT" && ./mvnw -q package -DskipTests -pl core,javalin,server -am)
fi

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
now_ms() { date +%s%3N; }

SERVER_PID=
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}
trap stop_server EXIT

# start_server ALG: starts the server, waits for its first token; sets PORT, BASE, FIRST_TOKEN_MS
start_server() {
    local alg="$1" config="$OUT/server-$1.yaml"
    PORT="$(free_port)"
    BASE="http://127.0.0.1:$PORT"
    cat >"$config" <<YAML
issuer: $BASE
host: 127.0.0.1
port: $PORT
tokenTtl: 3600
signing:
  algorithm: $alg
clients:
  - clientId: $CLIENT
    clientSecret: $SECRET
    authMethods: [client_secret_basic, client_secret_post]
    grantTypes: [client_credentials]
    scopes: [read, write]
    redirectUris: []
  - clientId: $DEVICE_CLIENT
    authMethods: [none]
    grantTypes: [device_code, refresh_token]
    scopes: [read]
users:
  - username: $USER
    password: $PASSWORD
YAML
    local start opts="${2:-$JAVA_OPTS}"
    start="$(now_ms)"
    # shellcheck disable=SC2086
    "$JAVA" $opts -jar "$JAR" --config "$config" >"$OUT/server-$alg.log" 2>&1 &
    SERVER_PID=$!
    until TOKEN="$(curl -sf -u "$CLIENT:$SECRET" -d grant_type=client_credentials -d scope=read \
            "$BASE/oauth2/token" 2>/dev/null)"; do
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server-$alg.log" >&2; exit 1; }
        sleep 0.005
    done
    FIRST_TOKEN_MS=$(($(now_ms) - start))
    TOKEN="$(printf '%s' "$TOKEN" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')"
}

# refresh_tokens FILE N: writes N refresh tokens (N families) of DEVICE_CLIENT to FILE, one a line, each
# through the device flow: device authorization, the verification page (sign-in once, then approve), token
json_field() { { cat; echo; } | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
refresh_tokens() {
    local file="$1" n="$2" jar="$OUT/device-cookies.txt" i device code user csrf
    : >"$file"
    rm -f "$jar"
    for i in $(seq "$n"); do
        device="$(curl -sf -d client_id="$DEVICE_CLIENT" -d scope=read "$BASE/oauth2/devicecode")"
        code="$(printf '%s' "$device" | json_field device_code)"
        user="$(printf '%s' "$device" | json_field user_code)"
        csrf="$(curl -sf -c "$jar" -b "$jar" "$BASE/device" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p')"
        if [ "$i" = 1 ]; then
            curl -sf -c "$jar" -b "$jar" -d csrf_token="$csrf" -d user_code="$user" \
                --data-urlencode username="$USER" --data-urlencode password="$PASSWORD" "$BASE/device" >/dev/null
        fi
        curl -sf -c "$jar" -b "$jar" -d csrf_token="$csrf" -d user_code="$user" -d decision=approve \
            "$BASE/device" | grep -q 'Device connected'
        curl -sf -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d device_code="$code" \
            -d client_id="$DEVICE_CLIENT" "$BASE/oauth2/token" | json_field refresh_token >>"$file"
    done
    [ "$(grep -c . "$file")" = "$n" ] || { echo "Could not obtain $n refresh tokens" >&2; exit 1; }
}

# load NAME ARGS...: runs wrk, keeps its output, appends "NAME req/s p50 p99 non2xx" to the summary
SUMMARY="$OUT/summary.txt"
: >"$SUMMARY"
# (LOAD_THREADS overrides THREADS for one run)
load() {
    local name="$1"
    shift
    echo "== $name" >&2
    wrk -t"${LOAD_THREADS:-$THREADS}" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" | tee "$OUT/wrk-$name.txt" >&2
    awk -v name="$name" '
        /Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = $2 }
        /^ +99%/ { p99 = $2 }
        /Non-2xx or 3xx responses:/ { bad = $5 }
        END { printf "%-22s %12s %10s %10s %8s\n", name, rps, p50, p99, (bad == "" ? 0 : bad) }
    ' "$OUT/wrk-$name.txt" >>"$SUMMARY"
}

rss_mb() { echo $(($(ps -o rss= -p "$SERVER_PID") / 1024)); }

STARTS="$OUT/starts.txt"
: >"$STARTS"
echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$STARTS" >&2
first=true
[ "$EXTRAS" = 1 ] || first=false
for alg in $ALGORITHMS; do
    start_server "$alg"
    crypto="$(grep -o 'Crypto: [^;]*' "$OUT/server-$alg.log" | head -1 || true)"
    echo "$alg: first token ${FIRST_TOKEN_MS} ms after JVM start (${crypto:-crypto not logged})" | tee -a "$STARTS" >&2
    load "token-$alg" -s "$ROOT/bench/load/token.lua" "$BASE/oauth2/token"
    refresh_tokens "$OUT/refresh-tokens-$alg.txt" "$CONNECTIONS"
    REFRESH_TOKENS="$OUT/refresh-tokens-$alg.txt" REFRESH_CLIENT="$DEVICE_CLIENT" LOAD_THREADS="$CONNECTIONS" \
        load "refresh-$alg" -s "$ROOT/bench/load/refresh.lua" "$BASE/oauth2/token"
    if $first; then
        first=false
        load jwks "$BASE/oauth2/keys"
        load discovery "$BASE/.well-known/oauth-authorization-server"
        load "api-me-jwt-$alg" -H "Authorization: Bearer $TOKEN" "$BASE/api/me"
        load health-no-auth "$BASE/health"
    fi
    echo "$alg: RSS after load $(rss_mb) MB" | tee -a "$STARTS" >&2
    sleep 3
    echo "$alg: RSS idle 3 s after load $(rss_mb) MB" | tee -a "$STARTS" >&2
    stop_server
done

if [ -n "$SMALL_OPTS" ]; then
    start_server ES256 "$JAVA_OPTS $SMALL_OPTS"
    echo "ES256 small ($SMALL_OPTS): first token ${FIRST_TOKEN_MS} ms" | tee -a "$STARTS" >&2
    load token-ES256-small -s "$ROOT/bench/load/token.lua" "$BASE/oauth2/token"
    echo "ES256 small: RSS after load $(rss_mb) MB" | tee -a "$STARTS" >&2
    sleep 3
    echo "ES256 small: RSS idle 3 s after load $(rss_mb) MB" | tee -a "$STARTS" >&2
    stop_server
fi

# Start-up with an AOT cache (JEP 483/514): one training run writes it, then three timed starts each way.
if [ "$AOT" = 1 ] && "$JAVA" -XX:AOTCacheOutput=/dev/null -version >/dev/null 2>&1; then
    CACHE="$OUT/server.aot"
    if [ ! -f "$CACHE" ] || [ "$JAR" -nt "$CACHE" ]; then
        start_server ES256 "$JAVA_OPTS -XX:AOTCacheOutput=$CACHE"
        for _ in $(seq 100); do
            curl -sf -u "$CLIENT:$SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" >/dev/null
            curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/me" >/dev/null
            curl -sf "$BASE/oauth2/keys" >/dev/null
        done
        stop_server
    fi
    for mode in plain aot plain aot plain aot; do
        if [ "$mode" = aot ]; then opts="$JAVA_OPTS -XX:AOTCache=$CACHE"; else opts="$JAVA_OPTS"; fi
        start_server ES256 "$opts"
        echo "ES256 start-up ($mode): first token ${FIRST_TOKEN_MS} ms after JVM start" | tee -a "$STARTS" >&2
        stop_server
    done
fi

echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine count too)"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1)"
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, keep-alive, loopback, server and wrk on the same cores"
echo "JAVA_OPTS: ${JAVA_OPTS:-(none)}"
printf "%-22s %12s %10s %10s %8s\n" run "requests/s" p50 p99 non-2xx
cat "$SUMMARY"
cat "$STARTS"
