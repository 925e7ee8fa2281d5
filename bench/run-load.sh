#!/usr/bin/env bash
# The performance harness of the reference server: every figure of docs/PERFORMANCE.md in one run.
#
#   bench/run-load.sh               # everything, about 18-19 minutes
#   QUICK=1 bench/run-load.sh       # the same scenarios, short runs, ES256 only: about 3-4 minutes
#
# What it does (docs/PERFORMANCE.md explains each figure):
#   1. JMH, in-process: raw signing per algorithm on 2 threads (the physical limit of a token) and the
#      allocation per token of the token endpoint (-prof gc).
#   2. One server per scenario group, started with the README's launch options (SERVER_JVM_OPTS and the AOT
#      cache below), on a free loopback port. Every measured wrk run (closed loop, keep-alive, CONNECTIONS
#      connections) is preceded by two warm-up runs of the same scenario (WARMUP s, then WARMUP2 s on new
#      connections, see measure) and runs alone:
#        default embedded storage (file): GET /health, client_credentials per algorithm, GET /api/me with an
#          ES256 Bearer JWT, refresh_token with rotation;
#        the floors (bench TokenFloor): the same stack answering the token with one ES256 signature and nothing
#          else, and /api/me without verifying the token, each interleaved with the floor's own /health;
#        PostgreSQL (one node): client_credentials, refresh_token; then the rotation's floor (bench RefreshFloor:
#          the same stack, the server's pool and two statements and one ES256 signature, nothing else) on the
#          server's database, and pgbench running those two statements alone (the database's own limit);
#        two nodes behind nginx (round robin, one request to A, the next to B) on one PostgreSQL, then on one
#          PostgreSQL and one Redis: client_credentials and refresh_token, each node's share from /metrics,
#          and checks that nothing was lost.
#   3. Latency corrected for coordinated omission: wrk2 (bench/wrk2.sh builds it; else the bench module's
#      ConstantRateLoad, whose own JVM on the server's two cores inflates its p99) sends at a constant rate, a
#      fraction of the rate wrk measured (the token at each of LATENCY_FRACTIONS, the others at
#      LATENCY_FRACTION), on CONNECTIONS connections, and records each request's latency from its intended
#      send time; each run also counts the full collections the server made meanwhile (its -Xlog:gc file).
#   4. Allocation per request over HTTP (JFR thread allocation statistics around one more /health run and one
#      more token run), RSS (VmRSS) of the default-storage server after its loads, and process start -> first
#      token with and without the AOT cache.
# It ends with one table; raw outputs stay in bench/target/load/.
#
# Needs: wrk, curl, nginx, psql and redis-cli on the PATH (wrk2: see bench/wrk2.sh); PostgreSQL at
# 127.0.0.1:5432 (user postgres, trust auth: the harness drops and creates its own database PG_DB) and Redis at
# 127.0.0.1:6379 (it empties only database REDIS_DB). PG=0 / SCALEOUT=0 / JMH=0 / STARTUP=0 / FLOOR=0 skip parts.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/bench/target/load"
JAR="$ROOT/server/target/authdesign-server.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# ---- The server's launch options: keep in step with the README's launch command ---------------------------
# README: java @server/jvm.options -XX:AOTCache=server/target/authdesign-server.aot -jar server/target/authdesign-server.jar
# SERVER_JVM_OPTS are the JVM options of that command except the AOT cache, which AOT_CACHE names (start-up
# is also timed without it): the argument file server/jvm.options, which the AOT training also reads. Change
# them there, or override them from the environment.
SERVER_JVM_OPTS="${SERVER_JVM_OPTS:-@$ROOT/server/jvm.options}"
AOT_CACHE="${AOT_CACHE:-$ROOT/server/target/authdesign-server.aot}"
launch_opts() { # the options every measured server runs with
    if [ -f "$AOT_CACHE" ]; then echo "$SERVER_JVM_OPTS -XX:AOTCache=$AOT_CACHE"; else echo "$SERVER_JVM_OPTS"; fi
}
# -------------------------------------------------------------------------------------------------------------

QUICK="${QUICK:-0}"
if [ "$QUICK" = 1 ]; then
    WARMUP="${WARMUP:-5}" WARMUP2="${WARMUP2:-2}" DURATION="${DURATION:-5}" ALGORITHMS="${ALGORITHMS:-ES256}"
    LATENCY_WARMUP="${LATENCY_WARMUP:-3}" LATENCY_DURATION="${LATENCY_DURATION:-5}" STARTS="${STARTS:-1}"
    INTERLEAVE_ROUNDS="${INTERLEAVE_ROUNDS:-2}" INTERLEAVE_SECONDS="${INTERLEAVE_SECONDS:-3}"
    JMH_OPTS="${JMH_OPTS:--f 1 -wi 1 -i 2 -w 2s -r 2s}"
else
    WARMUP="${WARMUP:-15}" WARMUP2="${WARMUP2:-5}" DURATION="${DURATION:-15}" ALGORITHMS="${ALGORITHMS:-ES256 RS256 EdDSA}"
    LATENCY_WARMUP="${LATENCY_WARMUP:-5}" LATENCY_DURATION="${LATENCY_DURATION:-15}" STARTS="${STARTS:-3}"
    INTERLEAVE_ROUNDS="${INTERLEAVE_ROUNDS:-4}" INTERLEAVE_SECONDS="${INTERLEAVE_SECONDS:-5}"
    JMH_OPTS="${JMH_OPTS:--f 1 -wi 2 -i 3 -w 3s -r 3s}"
fi
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-1}"                       # wrk threads (refresh runs use one thread per connection)
LATENCY_FRACTION="${LATENCY_FRACTION:-0.7}"   # constant rate of the latency runs, a fraction of wrk's rate
LATENCY_FRACTIONS="${LATENCY_FRACTIONS:-0.5 $LATENCY_FRACTION}"   # the token's latency runs, one per fraction
PG="${PG:-1}" SCALEOUT="${SCALEOUT:-1}" JMH="${JMH:-1}" STARTUP="${STARTUP:-1}" FLOOR="${FLOOR:-1}"
PG_ADMIN_URL="${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
PG_DB="${PG_DB:-authdesign_load}"
PG_URL="jdbc:postgresql://127.0.0.1:5432/$PG_DB"
REDIS_DB="${REDIS_DB:-11}"
REDIS_URI="redis://127.0.0.1:6379/$REDIS_DB"

CLIENT=bench-client
DEVICE_CLIENT=bench-device   # public client of the device flow, whose refresh tokens rotate
USER=bench-user
PASSWORD="bench-password-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
SECRET="bench-secret-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
KEK="$(head -c 32 /dev/urandom | base64 -w0)"
BASIC="$(printf '%s:%s' "$CLIENT" "$SECRET" | base64 -w0)"
export BASIC

rm -rf "$OUT"
mkdir -p "$OUT"
needed="wrk curl python3"
[ "$PG" = 1 ] || [ "$SCALEOUT" = 1 ] && needed="$needed psql"
[ "$SCALEOUT" = 1 ] && needed="$needed nginx redis-cli"
for tool in $needed; do command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }; done
# The interpreter itself, resolved once: the first-token poller runs beside the start it times, and a python3 on
# the PATH may be a version manager's shim (pyenv's is a bash script that starts more processes) whose own start,
# measured here at 0.27 s of CPU against 0.02 s for the interpreter, would be charged to the server's start.
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
# The constant-rate generator of the latency runs: wrk2 when it is on the PATH, named by WRK2, or can be built
# (bench/wrk2.sh); WRK2= (empty) selects ConstantRateLoad
WRK2="${WRK2-$(bash "$ROOT/bench/wrk2.sh" || true)}"
if [ -n "$WRK2" ]; then
    LATENCY_GENERATOR="wrk2 -t1, first 10 s calibrating and discarded, then ${LATENCY_DURATION} s recorded"
else
    LATENCY_GENERATOR="ConstantRateLoad, ${LATENCY_WARMUP} s warm-up, then ${LATENCY_DURATION} s"
fi
if [ ! -f "$JAR" ] || [ ! -f "$BENCH_JAR" ]; then
    echo "Building the server and bench jars..." >&2
    (cd "$ROOT" && ./mvnw -q package -DskipTests -pl server,bench -am)
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "[$(date -u +%H:%M:%S) load $(loadavg)] $*" >&2; }

# ---- results: one "key value" per line in $RESULTS -----------------------------------------------------------
RESULTS="$OUT/results.txt"
: >"$RESULTS"
put() { echo "$1 $2" >>"$RESULTS"; }
get() { awk -v k="$1" '$1 == k { v = $2 } END { print (v == "" ? "-" : v) }' "$RESULTS"; }

# ---- servers ---------------------------------------------------------------------------------------------------
PIDS=()
NGINX_PID=
JIT_PIDS=   # the servers whose JIT compilers measured runs watch (compiler_ticks)
cleanup() {
    for pid in "${PIDS[@]}" $NGINX_PID; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT

# write_config NAME ALG PORT ISSUER STORAGE-YAML [EXTRA-YAML]: the server's configuration file
write_config() {
    cat >"$OUT/$1.yaml" <<YAML
issuer: $4
host: 127.0.0.1
port: $3
tokenTtl: 3600
signing:
  algorithm: $2
${5:-}
${6:-}
clients:
  - clientId: $CLIENT
    clientSecret: $SECRET
    authMethods: [client_secret_basic]
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
}

# start_server NAME PORT [JVM OPTIONS]: starts the server with $OUT/NAME.yaml, waits for its first token;
# sets SERVER_PID, FIRST_TOKEN_MS (process start -> first 200 token response) and TOKEN (an access token)
start_server() {
    local name="$1" port="$2" opts="${3-$(launch_opts)}" start body
    start="$(now_ms)"
    # shellcheck disable=SC2086
    "$JAVA" $opts -jar "$JAR" --config "$OUT/$name.yaml" >"$OUT/server-$name.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    # one poller on sockets (bench/load/first-token.py), not a curl process per attempt: those spawns would take
    # CPU from the start they time
    body="$("$PYTHON" -S "$ROOT/bench/load/first-token.py" "$port" "$SERVER_PID" "$start" "$BASIC")" ||
        { cat "$OUT/server-$name.log" >&2; exit 1; }
    FIRST_TOKEN_MS="${body%% *}"
    TOKEN="${body#* }"
}

stop_server() { # PID
    kill "$1" 2>/dev/null && while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
    return 0
}

rss_mb() { awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# refresh_tokens BASE FILE N: N refresh tokens (N families) of DEVICE_CLIENT, one a line, through the device flow
# (bench/load/device-families.sh)
# shellcheck source=load/device-families.sh
. "$ROOT/bench/load/device-families.sh"
refresh_tokens() { device_families "$1" "$2" "$3" "$DEVICE_CLIENT" "$USER" "$PASSWORD" "$OUT"; }

# ---- wrk runs ----------------------------------------------------------------------------------------------------
# percentile_ms FILE LABEL: the value of the latency line whose first field is LABEL ("99%" in wrk's table,
# "99.000%" in wrk2's), in ms
percentile_ms() {
    awk -v p="$2" '$1 == p { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
        printf "%.2f", v * (u == "us" ? 0.001 : u == "s" ? 1000 : u == "m" ? 60000 : 1) }' "$1"
}
# bad_responses FILE: non-2xx responses plus socket errors of a wrk or wrk2 output
bad_responses() {
    awk '/Non-2xx/ { n += $5 } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"
}
# wrk_run NAME SECONDS URL [wrk options]: one closed-loop run; records NAME.rps, NAME.requests, NAME.bad
# (non-2xx responses plus socket errors; wrk counts a response slower than --timeout as a "timeout" error
# although it still arrives, so the timeout is 30 s: a slow answer on a loaded machine is not a lost one)
wrk_run() {
    local name="$1" seconds="$2" url="$3" file="$OUT/wrk-$1.txt"
    shift 3
    wrk -t"${LOAD_THREADS:-$THREADS}" -c"$CONNECTIONS" -d"${seconds}s" --timeout 30s --latency "$@" "$url" >"$file" 2>&1
    # RATE_SECONDS: the run's own length when its threads stop themselves before wrk's -d ends (refresh_run)
    if [ -n "${RATE_SECONDS:-}" ]; then
        put "$name.rps" "$(awk -v s="$RATE_SECONDS" '/requests in/ { printf "%d", $1 / s }' "$file")"
    else
        put "$name.rps" "$(awk '/Requests\/sec:/ { printf "%d", $2 }' "$file")"
    fi
    # wrk's own p99 (closed loop: it omits the requests a stall kept from being sent), in ms
    put "$name.wrkp99" "$(percentile_ms "$file" "99%")"
    put "$name.requests" "$(awk '/requests in/ { print $1 }' "$file")"
    put "$name.bad" "$(bad_responses "$file")"
}

# compiler_ticks: the CPU time (clock ticks) of the JIT compiler threads of the servers in JIT_PIDS so far
compiler_ticks() {
    local pid task ticks=0
    for pid in $JIT_PIDS; do
        for task in /proc/"$pid"/task/*; do
            case "$(cat "$task/comm" 2>/dev/null)" in
                *CompilerThre*) ticks=$((ticks + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0))) ;;
            esac
        done
    done
    echo "$ticks"
}
# measured RUN-COMMAND...: runs one measured run and records NAME.jit, the cores the servers' JIT compilers used
# during it (NAME is the command's second word): near 0 once the code the scenario runs is compiled
measured() {
    local name="$2" before
    before="$(compiler_ticks)"
    "$@"
    put "$name.jit" "$(awk -v t="$(($(compiler_ticks) - before))" -v hz="$(getconf CLK_TCK)" -v s="$DURATION" \
        'BEGIN { printf "%.2f", t / hz / s }')"
}

# measure NAME URL [wrk options]: two warm-up runs (discarded) then the measured run, alone on the server. The
# second warm-up starts on new connections: the end of the first closes its connections, and C2 meets the paths of
# a connection's close (and, at the next run, of new connections) for the first time there, deoptimises the compiled
# request path ("uncommon trap") and compiles it again. Measured with -XX:+PrintCompilation (2026-12-06): after a
# single warm-up, 60-170 methods were compiled again in the first seconds of the measured run (the refresh on
# PostgreSQL: the compiler at 0.06-0.20 cores during it); after the second, 0.01 or less.
measure() {
    local name="$1" url="$2"
    shift 2
    log "$name: warm-up ${WARMUP} s and ${WARMUP2} s, then ${DURATION} s measured"
    wrk_run "$name-warmup" "$WARMUP" "$url" "$@"
    wrk_run "$name-warmup2" "$WARMUP2" "$url" "$@"
    measured wrk_run "$name" "$DURATION" "$url" "$@"
    log "$name: $(get "$name.rps") requests/s, $(get "$name.bad") bad, compilers $(get "$name.jit") cores"
}

# refresh_run NAME BASE TOKENS-FILE SECONDS: one run of refresh.lua (one wrk thread per connection and
# family); the families' unused tokens are written back to TOKENS-FILE
refresh_run() {
    local name="$1" base="$2" tokens="$3" seconds="$4" start
    # the threads stop themselves at STOP_AT (whole seconds), and wrk divides by its own -d, 5 s longer: start
    # on a whole second so that the run lasts exactly SECONDS, and divide by SECONDS
    sleep "$(awk -v ms="$(now_ms)" 'BEGIN { printf "%.3f", (1000 - ms % 1000) / 1000 }')"
    start="$(date +%s)"
    REFRESH_TOKENS="$tokens" REFRESH_OUT="$tokens.next" REFRESH_CLIENT="$DEVICE_CLIENT" \
        STOP_AT=$((start + seconds)) LOAD_THREADS="$CONNECTIONS" RATE_SECONDS="$seconds" \
        wrk_run "$name" $((seconds + 5)) "$base/oauth2/token" -s "$ROOT/bench/load/refresh.lua"
    mv "$tokens.next" "$tokens"
    put "$name.broken" "$(grep -c '^broken$' "$tokens" || true)"
}

# measure_refresh NAME BASE TOKENS-FILE: two warm-up runs (as measure) and the measured refresh run; each run
# continues the families of the one before
measure_refresh() {
    log "$1: warm-up ${WARMUP} s and ${WARMUP2} s, then ${DURATION} s measured ($CONNECTIONS families)"
    refresh_run "$1-warmup" "$2" "$3" "$WARMUP"
    refresh_run "$1-warmup2" "$2" "$3" "$WARMUP2"
    measured refresh_run "$1" "$2" "$3" "$DURATION"
    log "$1: $(get "$1.rps") requests/s, $(get "$1.bad") bad, $(get "$1.broken") broken families, compilers $(get "$1.jit") cores"
}

# families_usable NAME BASE TOKENS-FILE: refreshes every family once more; records NAME.usable (x/N)
families_usable() {
    local ok=0 n=0 token
    while read -r token; do
        n=$((n + 1))
        if [ "$token" != broken ] && curl -sf -d grant_type=refresh_token -d refresh_token="$token" \
                -d client_id="$DEVICE_CLIENT" "$2/oauth2/token" | grep -q refresh_token; then
            ok=$((ok + 1))
        fi
    done <"$3"
    put "$1.usable" "$ok/$n"
}

# latency NAME RATE URL KIND: a constant-rate run, coordinated omission corrected (KIND: token, apime or health,
# the request of the scenario of that name). With wrk2 (bench/wrk2.sh): its first 10 s calibrate and are
# discarded, then LATENCY_DURATION s are recorded. Without it: ConstantRateLoad, LATENCY_WARMUP s discarded.
latency() {
    local name="$1" rate="$2" url="$3" kind="$4" file="$OUT/latency-$1.txt" line
    log "$name: constant rate $rate/s on $CONNECTIONS connections ($LATENCY_GENERATOR)"
    put "$name.rate" "$rate"
    local full_before
    full_before="$(full_collections)"
    if [ -n "$WRK2" ]; then
        local opts=()
        case "$kind" in
            token) opts=(-s "$ROOT/bench/load/token.lua") ;;
            apime) opts=(-H "Authorization: Bearer $TOKEN") ;;
        esac
        "$WRK2" -t1 -c"$CONNECTIONS" -d"$((10 + LATENCY_DURATION))s" -R"$rate" --timeout 30s --latency \
            "${opts[@]}" "$url" >"$file" 2>&1
        # percentiles of HdrHistogram's table ("99.000%    4.75ms")
        for key in 50 99 99.9; do
            put "$name.p$key" "$(percentile_ms "$file" "$(printf '%.3f%%' "$key")")"
        done
        put "$name.achieved" "$(awk '/Requests\/sec:/ { printf "%d", $2 }' "$file")"
        put "$name.non200" "$(bad_responses "$file")"
    else
        local opts=()
        case "$kind" in
            token) opts=(--method POST --header "Authorization: Basic $BASIC"
                --header "Content-Type: application/x-www-form-urlencoded" --body "grant_type=client_credentials&scope=read") ;;
            apime) opts=(--header "Authorization: Bearer $TOKEN") ;;
        esac
        "$JAVA" -cp "$BENCH_JAR" io.authdesign.bench.ConstantRateLoad --url "$url" --rate "$rate" \
            --connections "$CONNECTIONS" --warmup "$LATENCY_WARMUP" --duration "$LATENCY_DURATION" "${opts[@]}" >"$file" 2>&1
        line="$(grep '^rate=' "$file")"
        for key in p50_ms:p50 p99_ms:p99 p999_ms:p99.9 achieved:achieved non200:non200; do
            put "$name.${key#*:}" "$(printf '%s\n' "$line" | tr ' ' '\n' | sed -n "s/^${key%%:*}=//p")"
        done
    fi
    put "$name.fullgc" "$(($(full_collections) - full_before))"
}
# full_collections: the full collections in the GC log of the default-storage server so far (a stop of the whole
# server of tens of milliseconds each with the serial collector, which a latency run's p99 shows)
full_collections() { if [ -f "${GC_LOG:-}" ]; then grep -c 'Pause Full' "$GC_LOG" || true; else echo 0; fi; }
# http_alloc NAME PID SECONDS URL [wrk options]: bytes the server's Java threads allocated per answered request
# over one wrk run on the warm server (JFR's jdk.ThreadAllocationStatistics at the recording's start and end;
# virtual threads allocate on their carriers' counters; background work of the server in that window counts
# too, so it is an upper bound)
http_alloc() {
    local name="$1" pid="$2" seconds="$3" url="$4" jfr="$OUT/alloc-$1.jfr" jdk_bin
    shift 4
    jdk_bin="$(dirname "$(readlink -f "$(command -v "$JAVA")")")"
    log "$name: allocation per request over a ${seconds} s run (JFR)"
    "$jdk_bin/jcmd" "$pid" JFR.start name=alloc settings="$ROOT/bench/load/alloc-stats.jfc" filename="$jfr" >/dev/null
    wrk_run "$name" "$seconds" "$url" "$@"
    "$jdk_bin/jcmd" "$pid" JFR.stop name=alloc >/dev/null
    "$jdk_bin/jfr" print --json --events jdk.ThreadAllocationStatistics "$jfr" >"$OUT/alloc-$name.json"
    put "$name.bytes" "$(python3 "$ROOT/bench/load/alloc-per-request.py" "$(get "$name.requests")" <"$OUT/alloc-$name.json")"
}

# interleaved NAME BASE PATH [wrk options]: the scenario (BASE PATH) and BASE/health alternately on the warm server,
# INTERLEAVE_ROUNDS rounds of INTERLEAVE_SECONDS each, new connections at each run; records NAME.ilv.ratio, the
# scenario's requests over /health's in the same minutes, NAME.ilv.each, each round's ratio, NAME.ilv.rps, the
# scenario's mean rate over its rounds, and NAME.ilv.bad, its bad responses in them. On this shared
# machine rates drift by tens of percent within minutes (see "Warm-up and isolation"), so a ratio of runs taken
# seconds apart, repeated, reads the server rather than the drift.
interleaved() {
    local name="$1" base="$2" path="$3" i
    shift 3
    for i in $(seq "$INTERLEAVE_ROUNDS"); do
        wrk_run "$name.ilv.health.$i" "$INTERLEAVE_SECONDS" "$base/health"
        wrk_run "$name.ilv.$i" "$INTERLEAVE_SECONDS" "$base$path" "$@"
    done
    put "$name.ilv.ratio" "$(for i in $(seq "$INTERLEAVE_ROUNDS"); do echo "$(get "$name.ilv.$i.rps") $(get "$name.ilv.health.$i.rps")"; done |
        awk '{ a += $1; b += $2 } END { if (b > 0) printf "%.2f", a / b; else printf "-" }')"
    put "$name.ilv.each" "$(for i in $(seq "$INTERLEAVE_ROUNDS"); do
        awk -v a="$(get "$name.ilv.$i.rps")" -v b="$(get "$name.ilv.health.$i.rps")" 'BEGIN { printf "%.2f,", a / b }'; done | sed 's/,$//')"
    put "$name.ilv.rps" "$(for i in $(seq "$INTERLEAVE_ROUNDS"); do get "$name.ilv.$i.rps"; done | awk '{ n += $1 } END { printf "%d", n / NR }')"
    put "$name.ilv.bad" "$(for i in $(seq "$INTERLEAVE_ROUNDS"); do get "$name.ilv.$i.bad"; done | awk '{ n += $1 } END { printf "%d", n }')"
}

rate_of() { awk -v r="$(get "$1.rps")" -v f="${2:-$LATENCY_FRACTION}" 'BEGIN { printf "%d", r * f }'; }

# metric PORT NAME FILTER: the sum of a Prometheus counter's samples whose labels contain FILTER
metric() {
    curl -sf "http://127.0.0.1:$1/metrics" | awk -v name="$2" -v filter="$3" \
        'index($0, name) == 1 && (filter == "" || index($0, filter)) { n += $NF } END { printf "%d", n }'
}

put start.load "$(loadavg)"
put start.time "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
log "start (QUICK=$QUICK, warm-up $WARMUP s, measured $DURATION s, $CONNECTIONS connections)"

# ---- 1. JMH: raw signing on 2 threads, allocation per token ------------------------------------------------------
if [ "$JMH" = 1 ]; then
    algs="$(echo "$ALGORITHMS" | tr ' ' ',')"
    log "JMH: raw signing ($algs) on 2 threads"
    # shellcheck disable=SC2086
    "$JAVA" -jar "$BENCH_JAR" SigningBenchmark -p crypto=native -p algorithm="$algs" -t 2 $JMH_OPTS \
        -rf csv -rff "$OUT/jmh-signing.csv" >"$OUT/jmh-signing.txt" 2>&1
    for alg in $ALGORITHMS; do
        put "sign.$alg" "$(awk -F, -v a="$alg" '{ gsub("\"", "") } $8 == a { printf "%d", $5 }' "$OUT/jmh-signing.csv")"
    done
    log "JMH: token endpoint in-process, ES256, -prof gc (the ready client-credentials flow, and the minimal fixture)"
    # ReadyTokenEndpointBenchmark runs the reference server's handler (ReadyClientCredentialsFlow: client lookup,
    # secret check, scopes, audience); TokenEndpointBenchmark a minimal handler of the fixture, the endpoint's own
    # share. The allocation target is read on the ready flow.
    # shellcheck disable=SC2086
    "$JAVA" -jar "$BENCH_JAR" '\.(Ready)?TokenEndpointBenchmark\.issueToken$' -p crypto=native -p algorithm=ES256 $JMH_OPTS \
        -prof gc -rf csv -rff "$OUT/jmh-token.csv" >"$OUT/jmh-token.txt" 2>&1
    put inprocess.ES256 "$(awk -F, '{ gsub("\"", "") } $1 ~ /\.ReadyTokenEndpointBenchmark\.issueToken$/ { printf "%d", $5 }' "$OUT/jmh-token.csv")"
    put alloc.ES256 "$(awk -F, '{ gsub("\"", "") } $1 ~ /\.ReadyTokenEndpointBenchmark\.issueToken:.*gc\.alloc\.rate\.norm"?$/ { printf "%d", $5 }' "$OUT/jmh-token.csv")"
    put alloc.fixture.ES256 "$(awk -F, '{ gsub("\"", "") } $1 ~ /\.TokenEndpointBenchmark\.issueToken:.*gc\.alloc\.rate\.norm"?$/ { printf "%d", $5 }' "$OUT/jmh-token.csv")"
fi

# ---- 2. default embedded storage ---------------------------------------------------------------------------------
first_alg=true
for alg in $ALGORITHMS; do
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    write_config "file-$alg" "$alg" "$port" "$base" "storage: {type: file, path: data-file-$alg}"
    # the collector's log of the default-storage server: the latency runs count the full collections they met
    GC_LOG="$OUT/gc-file-$alg.log"
    start_server "file-$alg" "$port" "$(launch_opts) -Xlog:gc:file=$GC_LOG"
    pid="$SERVER_PID"
    JIT_PIDS="$pid"
    log "file-$alg: first token ${FIRST_TOKEN_MS} ms after process start; $(grep -o 'Crypto: [^;(]*' "$OUT/server-file-$alg.log" | head -1 || true)"
    if $first_alg; then
        measure health "$base/health"
    fi
    measure "token.$alg" "$base/oauth2/token" -s "$ROOT/bench/load/token.lua"
    if $first_alg; then
        # /health again right after the token (the server is warm for it: one short warm-up on new connections):
        # the ratios divide by the mean of the two, so that a drift of the machine between the two scenarios,
        # which moved rates by up to 40 % within minutes here, weighs on both sides alike
        log "health.after: warm-up ${WARMUP2} s, then ${DURATION} s measured"
        wrk_run health.after-warmup "$WARMUP2" "$base/health"
        measured wrk_run health.after "$DURATION" "$base/health"
        log "health.after: $(get health.after.rps) requests/s, $(get health.after.bad) bad, compilers $(get health.after.jit) cores"
        put health.mean.rps "$(awk -v a="$(get health.rps)" -v b="$(get health.after.rps)" 'BEGIN { printf "%d", (a + b) / 2 }')"
        APIME_TOKEN="$TOKEN"   # the ES256 access token of the protected-route runs (the floor's too)
        measure apime "$base/api/me" -H "Authorization: Bearer $TOKEN"
        log "interleaved: the token and /api/me against /health, $INTERLEAVE_ROUNDS rounds of ${INTERLEAVE_SECONDS} s each"
        interleaved token.ES256 "$base" /oauth2/token -s "$ROOT/bench/load/token.lua"
        interleaved apime "$base" /api/me -H "Authorization: Bearer $TOKEN"
        log "interleaved: token $(get token.ES256.ilv.ratio) ($(get token.ES256.ilv.each)), /api/me $(get apime.ilv.ratio) ($(get apime.ilv.each))"
        refresh_tokens "$base" "$OUT/families-file.txt" "$CONNECTIONS"
        measure_refresh refresh.file "$base" "$OUT/families-file.txt"
        families_usable refresh.file "$base" "$OUT/families-file.txt"
        # the H2 file after the rotations: H2 writes changed pages to new chunks and compacts the old ones only
        # when it finds time, so its size is the disk the default storage takes under sustained rotations
        put refresh.file.rotations "$(awk -v a="$(get refresh.file-warmup.requests)" -v b="$(get refresh.file-warmup2.requests)" \
            -v c="$(get refresh.file.requests)" 'BEGIN { printf "%d", a + b + c }')"
        put refresh.file.dbmb "$(du -m "$OUT/data-file-$alg/authdesign.mv.db" | cut -f1)"
        refresh_data="$OUT/data-file-$alg"
        for fraction in $LATENCY_FRACTIONS; do
            latency "token.ES256@$fraction" "$(rate_of token.ES256 "$fraction")" "$base/oauth2/token" token
        done
        latency "apime@$LATENCY_FRACTION" "$(rate_of apime)" "$base/api/me" apime
        latency "health@$LATENCY_FRACTION" "$(rate_of health.mean)" "$base/health" health
        # the resident set after the loads, before the allocation run: JFR's own buffers are not the server's
        put rss.file "$(rss_mb "$pid")"
        put hwm.file "$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")"
        # GET /health first: the floor of the HTTP stack (Jetty, Javalin, the adapter), which the token's
        # figure includes
        http_alloc alloc.health "$pid" "$DURATION" "$base/health"
        http_alloc alloc.token "$pid" "$DURATION" "$base/oauth2/token" -s "$ROOT/bench/load/token.lua"
        first_alg=false
    fi
    stop_server "$pid"
done
# H2 writes its own errors (the compaction of its close among them) to a trace file beside the database, not to
# the server's log: those of the server that ran the rotations, once it has stopped
if [ -n "${refresh_data:-}" ]; then
    put h2.errors "$(grep -c 'OutOfMemoryError' "$refresh_data/authdesign.trace.db" 2>/dev/null || true)"
fi

# ---- 2b. the token's floor: the stack and one ES256 signature, nothing else -------------------------------------------
# bench TokenFloor: Jetty and Javalin on virtual threads, GET /health as the server answers it, and a POST /oauth2/token
# that reads the form, signs an access token of the server's size with ES256 (the native provider, a pooled JCA
# Signature) and answers the token response; no client authentication, claims logic or store. Its token ÷ /health,
# interleaved as the server's, is what share of /health any token endpoint on this stack and algorithm can reach on
# the machine; the server's is read against it.
# start_floor CLASS LOG PORT [ARGS]: the bench module's floor server CLASS on PORT with the server's JVM options, its
# output in $OUT/LOG; waits for its "CLASS listening" line and sets FLOOR_PID (its JIT is the one measured runs watch)
start_floor() {
    local class="$1" out="$OUT/$2"
    shift 2
    # shellcheck disable=SC2086
    "$JAVA" $SERVER_JVM_OPTS --enable-native-access=ALL-UNNAMED -cp "$BENCH_JAR" "io.authdesign.bench.$class" "$@" \
        >"$out" 2>&1 &
    FLOOR_PID=$!
    PIDS+=("$FLOOR_PID")
    JIT_PIDS="$FLOOR_PID"
    until grep -q "^$class listening" "$out"; do
        kill -0 "$FLOOR_PID" 2>/dev/null || { cat "$out" >&2; exit 1; }
        sleep 0.1
    done
    log "$(grep -m1 "^$class listening" "$out")"
}
if [ "$FLOOR" = 1 ]; then
    floor_port="$(free_port)"
    floor_base="http://127.0.0.1:$floor_port"
    start_floor TokenFloor token-floor.log "$floor_port"
    measure floor.health "$floor_base/health"
    measure floor.token "$floor_base/oauth2/token" -s "$ROOT/bench/load/token.lua"
    interleaved floor.token "$floor_base" /oauth2/token -s "$ROOT/bench/load/token.lua"
    # its GET /api/me with the server's ES256 access token as Bearer: Jetty parses the same request, nothing verifies it
    measure floor.apime "$floor_base/api/me" -H "Authorization: Bearer $APIME_TOKEN"
    interleaved floor.apime "$floor_base" /api/me -H "Authorization: Bearer $APIME_TOKEN"
    log "floor: token interleaved $(get floor.token.ilv.ratio) ($(get floor.token.ilv.each)), /api/me $(get floor.apime.ilv.ratio) ($(get floor.apime.ilv.each))"
    stop_server "$FLOOR_PID"
fi

# ---- 3. PostgreSQL, one node ---------------------------------------------------------------------------------------
reset_postgresql() {
    psql "$PG_ADMIN_URL" -qX -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >/dev/null
}
# pg_limit: the rotation's statements driven by pgbench alone on the server's schema (bench/load/refresh-rotation.sql;
# no HTTP, no JVM): the database's rate of rotations on these cores, the physical limit of refresh.pg
pg_limit() {
    local pgbench="${PGBENCH:-$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1)}"
    [ -x "$pgbench" ] || { log "pgbench not found: no PostgreSQL limit"; return 0; }
    local url="postgresql://postgres@127.0.0.1:5432/$PG_DB" run
    psql "$url" -qX -c "INSERT INTO refresh_families (family_id, grant_id, revoked, expires_at)
        SELECT 'pgbench-' || i, 'pgbench', FALSE, now() + interval '30 days' FROM generate_series(0, $((CONNECTIONS - 1))) i ON CONFLICT DO NOTHING" >/dev/null
    log "pg limit: pgbench, $CONNECTIONS clients, ${WARMUP} s warm-up then ${DURATION} s"
    for run in warmup measured; do
        # each client's chain starts again from its own live token: 1000000 + client_id, then + CONNECTIONS a step
        psql "$url" -qX -c "DELETE FROM refresh_tokens WHERE family_id LIKE 'pgbench-%'" \
            -c "INSERT INTO refresh_tokens (token_hash, family_id, grant_id, client_id, subject, scopes, auth_time,
                issued_at, expires_at) SELECT (1000000 + i)::text, 'pgbench-' || i, 'pgbench', 'pgbench', 'pgbench',
                'read', now(), now(), now() + interval '30 days' FROM generate_series(0, $((CONNECTIONS - 1))) i" >/dev/null
        "$pgbench" -h 127.0.0.1 -U postgres -n -M prepared -c "$CONNECTIONS" -j 2 -D tok=0 -D step="$CONNECTIONS" \
            -T "$([ "$run" = measured ] && echo "$DURATION" || echo "$WARMUP")" \
            -f "$ROOT/bench/load/refresh-rotation.sql" "$PG_DB" >"$OUT/pgbench-$run.txt" 2>&1 ||
            log "pgbench failed: $OUT/pgbench-$run.txt"
    done
    put refresh.pglimit "$(awk '/^tps = / { printf "%d", $3 }' "$OUT/pgbench-measured.txt")"
    log "pg limit: $(get refresh.pglimit) rotations/s"
}
# refresh_floor: bench RefreshFloor on the server's database (Jetty and Javalin on virtual threads, the server's pool,
# its two statements around one ES256 signature, nothing else) rotating families the server issued, measured as the
# server's rotations were: what share of pgbench's rate a rotation reaches through this stack at all
refresh_floor() {
    local port
    port="$(free_port)"
    start_floor RefreshFloor refresh-floor.log "$port" "$PG_URL"
    measure_refresh refresh.pgfloor "http://127.0.0.1:$port" "$OUT/families-pgfloor.txt"
    stop_server "$FLOOR_PID"
}
PG_STORAGE="storage: {type: postgresql, url: \"$PG_URL\", username: postgres, password: \"\"}
keyEncryptionKey: \"$KEK\""
if [ "$PG" = 1 ]; then
    reset_postgresql
    port="$(free_port)"
    base="http://127.0.0.1:$port"
    write_config pg ES256 "$port" "$base" "$PG_STORAGE"
    start_server pg "$port"
    pid="$SERVER_PID"
    JIT_PIDS="$pid"
    log "pg: first token ${FIRST_TOKEN_MS} ms"
    measure token.pg "$base/oauth2/token" -s "$ROOT/bench/load/token.lua"
    refresh_tokens "$base" "$OUT/families-pg.txt" "$CONNECTIONS"
    measure_refresh refresh.pg "$base" "$OUT/families-pg.txt"
    if [ "$FLOOR" = 1 ]; then # the rotation floor's own families, issued by the server
        refresh_tokens "$base" "$OUT/families-pgfloor.txt" "$CONNECTIONS"
    fi
    families_usable refresh.pg "$base" "$OUT/families-pg.txt"
    stop_server "$pid"
    if [ "$FLOOR" = 1 ]; then
        refresh_floor
    fi
    pg_limit
fi

# ---- 4. two nodes behind nginx (round robin) on one PostgreSQL (and one Redis) --------------------------------------
# scaleout NAME EXTRA-YAML: both nodes share issuer, storage, KEK (and Redis); metrics on for each node's share
scaleout() {
    local name="$1" extra="$2" front a b base pa pb dir="$OUT/nginx-$1"
    reset_postgresql
    front="$(free_port)" a="$(free_port)" b="$(free_port)"
    base="http://127.0.0.1:$front"
    mkdir -p "$dir/tmp"
    cat >"$dir/nginx.conf" <<NGINX
daemon off;
user root;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    upstream nodes { server 127.0.0.1:$a; server 127.0.0.1:$b; keepalive 32; }
    server {
        listen 127.0.0.1:$front;
        location / {
            proxy_pass http://nodes;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host:\$server_port;
        }
    }
}
NGINX
    nginx -p "$dir" -c "$dir/nginx.conf" &
    NGINX_PID=$!
    write_config "$name-a" ES256 "$a" "$base" "$PG_STORAGE" "metrics: {enabled: true}
$extra"
    write_config "$name-b" ES256 "$b" "$base" "$PG_STORAGE" "metrics: {enabled: true}
$extra"
    start_server "$name-a" "$a"
    pa="$SERVER_PID"
    start_server "$name-b" "$b"
    pb="$SERVER_PID"
    JIT_PIDS="$pa $pb"
    log "$name: nodes on $a and $b behind nginx on $front"
    curl -sf "$base/health" >/dev/null

    # each node's share: its counters read around the measured run
    local a0 b0 a1 b1 e0 e1 u0 u1 cc='grant_type="client_credentials"' rt='grant_type="refresh_token"'
    log "token.$name: warm-up ${WARMUP} s and ${WARMUP2} s, then ${DURATION} s measured"
    wrk_run "token.$name-warmup" "$WARMUP" "$base/oauth2/token" -s "$ROOT/bench/load/token.lua"
    wrk_run "token.$name-warmup2" "$WARMUP2" "$base/oauth2/token" -s "$ROOT/bench/load/token.lua"
    e0=$(($(metric "$a" authdesign_errors_total '') + $(metric "$b" authdesign_errors_total '')))
    u0=$(($(metric "$a" authdesign_refresh_reuse_detected_total '') + $(metric "$b" authdesign_refresh_reuse_detected_total '')))
    a0="$(metric "$a" authdesign_tokens_issued_total "$cc")" b0="$(metric "$b" authdesign_tokens_issued_total "$cc")"
    measured wrk_run "token.$name" "$DURATION" "$base/oauth2/token" -s "$ROOT/bench/load/token.lua"
    a1="$(metric "$a" authdesign_tokens_issued_total "$cc")" b1="$(metric "$b" authdesign_tokens_issued_total "$cc")"
    put "token.$name.nodes" "$((a1 - a0))/$((b1 - b0))"
    log "token.$name: $(get "token.$name.rps") requests/s, $(get "token.$name.bad") bad, per node $((a1 - a0))/$((b1 - b0))"

    refresh_tokens "http://127.0.0.1:$a" "$OUT/families-$name.txt" "$CONNECTIONS"
    log "refresh.$name: warm-up ${WARMUP} s and ${WARMUP2} s, then ${DURATION} s measured ($CONNECTIONS families, every request to the other node than the one before)"
    refresh_run "refresh.$name-warmup" "$base" "$OUT/families-$name.txt" "$WARMUP"
    refresh_run "refresh.$name-warmup2" "$base" "$OUT/families-$name.txt" "$WARMUP2"
    a0="$(metric "$a" authdesign_tokens_issued_total "$rt")" b0="$(metric "$b" authdesign_tokens_issued_total "$rt")"
    measured refresh_run "refresh.$name" "$base" "$OUT/families-$name.txt" "$DURATION"
    a1="$(metric "$a" authdesign_tokens_issued_total "$rt")" b1="$(metric "$b" authdesign_tokens_issued_total "$rt")"
    put "refresh.$name.nodes" "$((a1 - a0))/$((b1 - b0))"
    log "refresh.$name: $(get "refresh.$name.rps") requests/s, $(get "refresh.$name.bad") bad, per node $((a1 - a0))/$((b1 - b0))"
    families_usable "refresh.$name" "$base" "$OUT/families-$name.txt"
    e1=$(($(metric "$a" authdesign_errors_total '') + $(metric "$b" authdesign_errors_total '')))
    u1=$(($(metric "$a" authdesign_refresh_reuse_detected_total '') + $(metric "$b" authdesign_refresh_reuse_detected_total '')))
    put "$name.errors" "$((e1 - e0))"
    put "$name.reuse" "$((u1 - u0))"
    stop_server "$pa"
    stop_server "$pb"
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=
}
if [ "$SCALEOUT" = 1 ]; then
    scaleout two-pg ""
    redis-cli -n "$REDIS_DB" flushdb >/dev/null
    scaleout two-pg-redis "redis: \"$REDIS_URI\""
fi

# ---- 5. start-up: process start -> first token, with and without the AOT cache ---------------------------------------
if [ "$STARTUP" = 1 ]; then
    port="$(free_port)"
    write_config startup ES256 "$port" "http://127.0.0.1:$port" "storage: {type: file, path: data-startup}"
    log "start-up: a first start creates the storage (schema, keys), then $STARTS restarts each way"
    start_server startup "$port"
    put start.first "$FIRST_TOKEN_MS"
    stop_server "$SERVER_PID"
    for i in $(seq "$STARTS"); do
        for mode in aot plain; do
            if [ "$mode" = aot ] && [ ! -f "$AOT_CACHE" ]; then continue; fi
            opts="$SERVER_JVM_OPTS"
            [ "$mode" = aot ] && opts="$SERVER_JVM_OPTS -XX:AOTCache=$AOT_CACHE"
            start_server startup "$port" "$opts"
            echo "$mode $FIRST_TOKEN_MS" >>"$OUT/starts.txt"
            stop_server "$SERVER_PID"
        done
    done
    # the stack's floor: JavalinFloor (Jetty and Javalin answering one fixed token response) with the same
    # options and an AOT cache trained on it as the build trains the server's
    floor_port="$(free_port)"
    if [ -f "$AOT_CACHE" ]; then
        # shellcheck disable=SC2086
        "$JAVA" $SERVER_JVM_OPTS -XX:AOTCacheOutput="$OUT/floor.aot" -cp "$BENCH_JAR" io.authdesign.bench.JavalinFloor \
            "$floor_port" train >"$OUT/floor-training.log" 2>&1 || log "the floor's AOT training failed (floor-training.log)"
    fi
    for i in $(seq "$STARTS"); do
        for mode in aot plain; do
            if [ "$mode" = aot ] && [ ! -f "$OUT/floor.aot" ]; then continue; fi
            opts="$SERVER_JVM_OPTS"
            [ "$mode" = aot ] && opts="$SERVER_JVM_OPTS -XX:AOTCache=$OUT/floor.aot"
            start="$(now_ms)"
            # shellcheck disable=SC2086
            "$JAVA" $opts -cp "$BENCH_JAR" io.authdesign.bench.JavalinFloor "$floor_port" >"$OUT/floor.log" 2>&1 &
            floor_pid=$!
            PIDS+=("$floor_pid")
            body="$("$PYTHON" -S "$ROOT/bench/load/first-token.py" "$floor_port" "$floor_pid" "$start")" ||
                { cat "$OUT/floor.log" >&2; exit 1; }
            echo "floor-$mode ${body%% *}" >>"$OUT/starts.txt"
            stop_server "$floor_pid"
        done
    done
    for mode in aot plain floor-aot floor-plain; do
        put "start.$mode" "$(awk -v m="$mode" '$1 == m { printf "%s%s", s, $2; s = "," }' "$OUT/starts.txt")"
    done
fi

put end.load "$(loadavg)"
put end.time "$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# ---- the table -------------------------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }
row() { printf "| %-58s | %9s | %8s | %s |%s\n" "$1" "$2" "$3" "$4" "${5+ $5 |}"; }
health="$(get health.mean.rps)"
# interleaved_note NAME: ", **R** interleaved with /health (r1 r2 ...)" when the scenario was interleaved
interleaved_note() {
    if [ "$(get "$1.ilv.ratio")" != "-" ]; then
        printf ', **%s** interleaved with /health (%s%s s rounds: %s)' "$(get "$1.ilv.ratio")" "$INTERLEAVE_ROUNDS x " \
            "$INTERLEAVE_SECONDS" "$(get "$1.ilv.each" | sed 's/,/, /g')"
    fi
}
cc="$(get token.ES256.rps)"
{
    echo "- Run $(get start.time) to $(get end.time); load average $(get start.load) at the start, $(get end.load) at the end"
    echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1)"
    echo "- Server: java $(launch_opts) -jar server/target/authdesign-server.jar (the default-storage servers also with -Xlog:gc to a file, whose full collections the latency table counts)"
    echo "- wrk -t$THREADS -c$CONNECTIONS (refresh: -t$CONNECTIONS), keep-alive, loopback; warm-up runs of ${WARMUP} s and ${WARMUP2} s, then ${DURATION} s measured per scenario"
    echo "- Latency: $LATENCY_GENERATOR; a constant rate (the token at $LATENCY_FRACTIONS of its wrk rate, the others at $LATENCY_FRACTION), $CONNECTIONS connections, from the intended send time"
    echo
    row "Scenario" "req/s" "bad" "Ratio"
    row "---" "---:" "---:" "---"
    row "GET /health" "$health" "$(($(get health.bad) + $(get health.after.bad)))" "1 (the mean of $(get health.rps)/s before the ES256 token run and $(get health.after.rps)/s after it)"
    for alg in $ALGORITHMS; do
        row "client_credentials $alg, file storage" "$(get "token.$alg.rps")" "$(get "token.$alg.bad")" \
            "$(ratio "$(get "token.$alg.rps")" "$health") of /health$(interleaved_note "token.$alg"); $(ratio "$(get "token.$alg.rps")" "$(get "sign.$alg")") of raw $alg signing (2 threads, $(get "sign.$alg")/s); wrk p99 $(get "token.$alg.wrkp99") ms"
    done
    if [ "$FLOOR" = 1 ]; then
        # the floor's ratio, and the server's interleaved ratio divided by it: the share of what the stack and the
        # signature allow that the server's token reaches (each ratio against its own server's /health, so a drift
        # of the machine between the two servers' runs weighs on neither)
        row "the token's floor: Jetty, Javalin, one ES256 signature" "$(get floor.token.ilv.rps)" "$(get floor.token.ilv.bad)" \
            "**$(get floor.token.ilv.ratio)** of its own /health, interleaved ($INTERLEAVE_ROUNDS x $INTERLEAVE_SECONDS s rounds: $(get floor.token.ilv.each | sed 's/,/, /g'); /health $(get floor.health.rps)/s); the server's token reaches **$(ratio "$(get token.ES256.ilv.ratio)" "$(get floor.token.ilv.ratio)")** of the floor's ratio"
    fi
    row "GET /api/me, ES256 Bearer JWT" "$(get apime.rps)" "$(get apime.bad)" "$(ratio "$(get apime.rps)" "$health") of /health$(interleaved_note apime)"
    if [ "$FLOOR" = 1 ]; then
        row "the protected route's floor: the same request, unverified" "$(get floor.apime.ilv.rps)" "$(get floor.apime.ilv.bad)" \
            "**$(get floor.apime.ilv.ratio)** of the floor's /health, interleaved ($INTERLEAVE_ROUNDS x $INTERLEAVE_SECONDS s rounds: $(get floor.apime.ilv.each | sed 's/,/, /g')); the server's /api/me reaches **$(ratio "$(get apime.ilv.ratio)" "$(get floor.apime.ilv.ratio)")** of the floor's ratio"
    fi
    row "refresh_token rotation, file storage" "$(get refresh.file.rps)" "$(get refresh.file.bad)" \
        "$(ratio "$(get refresh.file.rps)" "$cc") of client_credentials (file); families usable after: $(get refresh.file.usable)"
    if [ "$PG" = 1 ]; then
        row "client_credentials ES256, PostgreSQL" "$(get token.pg.rps)" "$(get token.pg.bad)" "$(ratio "$(get token.pg.rps)" "$cc") of client_credentials (file)"
        row "refresh_token rotation, PostgreSQL" "$(get refresh.pg.rps)" "$(get refresh.pg.bad)" \
            "**$(ratio "$(get refresh.pg.rps)" "$cc")** of client_credentials (file); **$(ratio "$(get refresh.pg.rps)" "$(get refresh.pglimit)")** of the database alone (pgbench, the same statements: $(get refresh.pglimit)/s); families usable after: $(get refresh.pg.usable)"
        if [ "$FLOOR" = 1 ]; then
            row "the rotation's floor on PostgreSQL: Jetty, Javalin, the pool, the two statements, one ES256 signature" \
                "$(get refresh.pgfloor.rps)" "$(get refresh.pgfloor.bad)" \
                "**$(ratio "$(get refresh.pgfloor.rps)" "$(get refresh.pglimit)")** of the database alone; the server's rotation reaches **$(ratio "$(get refresh.pg.rps)" "$(get refresh.pgfloor.rps)")** of the floor's rate (broken families: $(get refresh.pgfloor.broken))"
        fi
    fi
    if [ "$SCALEOUT" = 1 ]; then
        for s in two-pg two-pg-redis; do
            label="2 nodes, PostgreSQL"
            [ "$s" = two-pg-redis ] && label="2 nodes, PostgreSQL + Redis"
            row "client_credentials, $label, nginx" "$(get "token.$s.rps")" "$(get "token.$s.bad")" \
                "$(ratio "$(get "token.$s.rps")" "$cc") of 1 node (file); tokens per node $(get "token.$s.nodes") of $(get "token.$s.requests") answered"
            row "refresh_token, $label, nginx" "$(get "refresh.$s.rps")" "$(get "refresh.$s.bad")" \
                "$(ratio "$(get "refresh.$s.rps")" "$(get refresh.pg.rps)") of 1 node (PostgreSQL); tokens per node $(get "refresh.$s.nodes") of $(get "refresh.$s.requests") answered; families usable after: $(get "refresh.$s.usable"); reuse detected $(get "$s.reuse"), OAuth errors $(get "$s.errors")"
        done
    fi
    echo
    row "Latency at a constant rate ($CONNECTIONS connections)" "sent/s" "p50 ms" "p99 ms" "p99.9 ms"
    row "---" "---:" "---:" "---:" "---:"
    for s in $(for f in $LATENCY_FRACTIONS; do echo "token.ES256@$f"; done) "apime@$LATENCY_FRACTION" "health@$LATENCY_FRACTION"; do
        note="$(awk -v a="$(get "$s.achieved")" -v r="$(get "$s.rate")" 'BEGIN {
            if (a + 0 < 0.95 * r) print ", NOT sustained: the p99 measures the backlog" }')"
        row "${s%@*} at ${s#*@} of wrk's rate, $(get "$s.rate")/s (non-200: $(get "$s.non200"), full GCs: $(get "$s.fullgc")$note)" "$(get "$s.achieved")" \
            "$(get "$s.p50")" "$(get "$s.p99")" "$(get "$s.p99.9")"
    done
    echo
    echo "- Allocation per token: $(get alloc.ES256) B in-process (JMH -prof gc, the token endpoint alone through the ready client-credentials flow, $(get inprocess.ES256) ops/s on 1 thread; $(get alloc.fixture.ES256) B with the benchmark fixture's minimal handler); $(get alloc.token.bytes) B per request over HTTP (JFR, every thread of the server, $(get alloc.token.requests) requests at $(get alloc.token.rps)/s), of which $(get alloc.health.bytes) B per GET /health request (the HTTP stack's floor, $(get alloc.health.requests) requests) and $(awk -v t="$(get alloc.token.bytes)" -v h="$(get alloc.health.bytes)" 'BEGIN { if (t == "-" || h == "-") print "-"; else print t - h }') B the token's own"
    jit=""
    for s in health health.after $(for alg in $ALGORITHMS; do echo "token.$alg"; done) apime refresh.file token.pg refresh.pg refresh.pgfloor \
        token.two-pg refresh.two-pg token.two-pg-redis refresh.two-pg-redis; do
        [ "$(get "$s.jit")" = - ] || jit="$jit${jit:+, }$s $(get "$s.jit")"
    done
    echo "- The JIT compilers' CPU during each measured run, cores (near 0: the scenario ran compiled code): $jit"
    echo "- RSS of the file-storage server after its loads: $(get rss.file) MB (peak $(get hwm.file) MB)"
    echo "- The file storage's H2 file after the refresh runs: $(get refresh.file.dbmb) MB for $(get refresh.file.rotations) rotations; OutOfMemoryError lines in H2's trace file after the server stopped: $(get h2.errors)"
    echo "- Process start -> first token, ms: restarts with the AOT cache $(get start.aot); without it $(get start.plain); first start (creates the storage, with the cache) $(get start.first)"
    echo "- The stack's floor (bench JavalinFloor: Jetty and Javalin answering a fixed token response, the same options, its own AOT cache), process start -> first answer, ms: with its cache $(get start.floor-aot); without $(get start.floor-plain)"
} | tee "$OUT/table.md"
