#!/bin/bash
# Runs OpenID Foundation conformance plans against the AuthDesign reference server built from this checkout.
#
# $OIDF is a working folder outside the repository holding the suite and its helpers (docs/CONFORMANCE.md
# lists what it must contain). This script writes the server and suite configurations there
# (make-configs.py), starts the in-memory MongoDB stand-in, the suite, the reference server and nginx,
# runs the plans with the suite's own runner, prints each plan's results (results.py) and stops what it
# started.
#
#   conformance/run-plans.sh                 the default plans (DEFAULT_PLANS below)
#   conformance/run-plans.sh KEY...          only these plans (keys of the PLANS table)
#   conformance/run-plans.sh KEY:MODULE,...  only these modules of that plan (full module names; the others
#                                            are listed as NOT RUN)
#   conformance/run-plans.sh start|stop      services only (start uses op/oidcc.yaml)
#   conformance/run-plans.sh list            the plan keys
#
# Environment: OIDF (required), JAVA_HOME (a JDK 21+; the suite needs 25 as built), KEEP=1 leaves the
# services running, OP_JAR (another server build), SUITE_FRONT=spring (no nginx before the suite),
# FAPI2_PROFILE_YAML (see make-configs.py).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
: "${OIDF:?set OIDF to the conformance working folder (see docs/CONFORMANCE.md)}"
: "${JAVA_HOME:?set JAVA_HOME to a JDK}"
JAVA=$JAVA_HOME/bin/java
PY=${PY:-/usr/bin/python3}
export OIDF SUITE_URL=${SUITE_URL:-https://localhost:8443/} OP_HTTP_PORT=${OP_HTTP_PORT:-9100}
MONGO_PORT=${MONGO_PORT:-27777}
OP_URL=https://localhost:9443
OP_JAR=${OP_JAR:-$REPO/server/target/authdesign-server.jar}   # OP_JAR=... runs another build of the server
RUN=$OIDF/run
LOGS=$OIDF/logs

# key | plan with its variants | suite configuration | server configuration
PLANS=(
  "config|oidcc-config-certification-test-plan|oidcc.json|oidcc.yaml"
  "basic|oidcc-basic-certification-test-plan[server_metadata=discovery][client_registration=static_client]|oidcc.json|oidcc.yaml"
  "formpost|oidcc-formpost-basic-certification-test-plan[server_metadata=discovery][client_registration=static_client]|oidcc.json|oidcc.yaml"
  "logout|oidcc-rp-initiated-logout-certification-test-plan[response_type=code][client_registration=static_client]|oidcc.json|oidcc.yaml"
  "dynamic|oidcc-dynamic-certification-test-plan[response_type=code]|dynamic.json|oidcc.yaml"
  "implicit|oidcc-implicit-certification-test-plan[server_metadata=discovery][client_registration=static_client]|oidcc.json|oidcc.yaml"
  "backchannel|oidcc-backchannel-rp-initiated-logout-certification-test-plan[response_type=code][client_registration=static_client]|oidcc.json|backchannel.yaml"
  "fapi2-oidc|fapi2-security-profile-final-test-plan[openid=openid_connect][client_auth_type=private_key_jwt][sender_constrain=dpop][fapi_profile=plain_fapi][authorization_request_type=simple]|fapi2-oidc.json|fapi2.yaml"
  "fapi2-oauth|fapi2-security-profile-final-test-plan[openid=plain_oauth][client_auth_type=private_key_jwt][sender_constrain=dpop][fapi_profile=plain_fapi][authorization_request_type=simple]|fapi2-oauth.json|fapi2.yaml"
)
DEFAULT_PLANS="config basic formpost logout dynamic"

up() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

launch() { # name command... : runs in the background, its PID kept in $RUN/name.pid
  local name=$1; shift
  up "$name" && return 0
  nohup "$@" > "$LOGS/$name.log" 2>&1 &
  echo $! > "$RUN/$name.pid"
}

halt() { # name : stops exactly the process launched under that name
  if up "$1"; then
    local pid; pid=$(cat "$RUN/$1.pid")
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    echo "stopped $1 ($pid)"
  fi
  rm -f "$RUN/$1.pid"
}

await() { # description command : waits up to 3 minutes
  for _ in $(seq 1 360); do eval "$2" > /dev/null 2>&1 && return 0; sleep 0.5; done
  echo "$1 did not come up (logs in $LOGS)" >&2; return 1
}

start_op() { # yaml : (re)starts the reference server alone, on a fresh in-memory state
  halt authdesign
  cp "$OP_JAR" "$RUN/authdesign-server.jar"   # a copy: a rebuild of the checkout cannot pull it away mid-run
  # the server fetches client jwks_uri documents the suite serves under its self-signed certificate
  launch authdesign "$JAVA" -Xmx512m -Djavax.net.ssl.trustStore="$OIDF/tls/op-trust.p12" \
    -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12 \
    -jar "$RUN/authdesign-server.jar" --config "$OIDF/op/$1"
  # gives up at once when the server exits (a configuration it refuses)
  await "AuthDesign ($1)" "up authdesign || exit 0; curl -sfk $OP_URL/.well-known/openid-configuration" \
    && up authdesign || { echo "AuthDesign refused op/$1:"; tail -3 "$LOGS/authdesign.log"; return 1; }
  echo "reference server up with op/$1"
}

trust_suite() { # the truststore of the reference server: the suite's own certificate only
  local store=$OIDF/tls/op-trust.p12
  [ -f "$store" ] && return 0
  "$JAVA_HOME/bin/keytool" -exportcert -rfc -alias suite -keystore "$OIDF/tls/suite.p12" -storetype PKCS12 \
    -storepass changeit -file "$OIDF/tls/suite.crt" && \
  "$JAVA_HOME/bin/keytool" -importcert -noprompt -alias suite -file "$OIDF/tls/suite.crt" -keystore "$store" \
    -storetype PKCS12 -storepass changeit > /dev/null
}

# The suite listens on plain HTTP (127.0.0.1:8080) behind an nginx TLS front on 8443, as in its own deployment:
# that front passes the TLS version and cipher (X-Ssl-Protocol, X-Ssl-Cipher), which the suite checks on the
# requests the server sends it (back-channel logout tokens). SUITE_FRONT=spring lets the suite serve TLS itself.
suite_front_conf() {
  local d=$OIDF/nginx
  mkdir -p "$d/tmp-front"
  [ -f "$OIDF/tls/suite.key" ] || openssl pkcs12 -in "$OIDF/tls/suite.p12" -passin pass:changeit -nocerts -nodes \
    -out "$OIDF/tls/suite.key" 2> /dev/null
  cat > "$d/suite-front.conf" <<CONF
daemon off;
worker_processes 1;
pid $d/suite-front.pid;
error_log $d/logs/suite-front-error.log warn;
events { worker_connections 256; }
http {
    access_log $d/logs/suite-front-access.log;
    client_body_temp_path $d/tmp-front/body;
    proxy_temp_path $d/tmp-front/proxy;
    fastcgi_temp_path $d/tmp-front/fastcgi;
    uwsgi_temp_path $d/tmp-front/uwsgi;
    scgi_temp_path $d/tmp-front/scgi;
    proxy_read_timeout 120s;
    server {
        listen 127.0.0.1:8443 ssl;
        server_name localhost;
        ssl_certificate $OIDF/tls/suite.crt;
        ssl_certificate_key $OIDF/tls/suite.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        large_client_header_buffers 4 32k;
        location / {
            proxy_pass http://127.0.0.1:8080;
            proxy_set_header Host \$host:8443;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-Port 8443;
            proxy_set_header X-Ssl-Cipher \$ssl_cipher;
            proxy_set_header X-Ssl-Protocol \$ssl_protocol;
        }
    }
}
CONF
}

start_all() {
  mkdir -p "$RUN" "$LOGS" "$OIDF/nginx/logs" "$OIDF/nginx/tmp"
  trust_suite || exit 1
  [ -f "$OP_JAR" ] || { echo "build the server first: ./mvnw -o -q package -DskipTests" >&2; exit 1; }
  launch mongo "$JAVA" -Xmx768m -cp "$OIDF/mongo-shim/classes:$OIDF/mongo-shim/lib/*" MongoShim "$MONGO_PORT"
  await "MongoDB stand-in" "bash -c 'echo > /dev/tcp/127.0.0.1/$MONGO_PORT'" || exit 1
  local tls=(--server.port=8443 --server.ssl.enabled=true --server.ssl.key-store="$OIDF/tls/suite.p12"
    --server.ssl.key-store-type=PKCS12 --server.ssl.key-store-password=changeit --server.ssl.key-alias=suite)
  if [ "${SUITE_FRONT:-nginx}" = nginx ]; then
    suite_front_conf
    tls=(--server.port=8080 --server.ssl.enabled=false)
    launch suitefront /usr/sbin/nginx -p "$OIDF/nginx" -c "$OIDF/nginx/suite-front.conf"
  fi
  launch suite "$JAVA" -Xmx2g -Djdk.tls.maxHandshakeMessageSize=65536 -jar "$OIDF/suite/fapi-test-suite.jar" \
    --server.address=127.0.0.1 "${tls[@]}" \
    --spring.mongodb.uri=mongodb://127.0.0.1:$MONGO_PORT/test_suite \
    --openid.mongodb.targetFeatureCompatibilityVersion= \
    --fintechlabs.base_url=https://localhost:8443 --fintechlabs.base_mtls_url=https://localhost:8444 \
    --fintechlabs.devmode=true --fintechlabs.startredir=false
  launch nginx /usr/sbin/nginx -p "$OIDF/nginx" -c "$OIDF/nginx/nginx.conf"
  start_op "${1:-oidcc.yaml}" || exit 1
  await "conformance suite" "curl -sfk ${SUITE_URL}api/runner/available" || exit 1
  echo "suite up at $SUITE_URL"
}

stop_all() { for name in nginx suitefront authdesign suite mongo; do halt $name; done; }

run_plan() { # key[:module,...] : runs one plan, or only the named modules of it; its id goes to plan-ids.txt
  local key=${1%%:*} modules="" row="" p
  [ "$key" = "$1" ] || modules=${1#*:}
  for p in "${PLANS[@]}"; do [ "${p%%|*}" = "$key" ] && row=$p; done
  [ -n "$row" ] || { echo "unknown plan key $key" >&2; return 1; }
  IFS='|' read -r _ plan config yaml <<< "$row"
  echo "== $key: $plan"
  start_op "$yaml" || { echo "PLAN $key: the server refused op/$yaml" >> "$out/failed-starts.txt"; return 0; }
  (cd "$OIDF/conformance-suite/scripts" && CONFORMANCE_SERVER=$SUITE_URL CONFORMANCE_SERVER_MTLS=https://localhost:8444/ \
    CONFORMANCE_DEV_MODE=1 "$PY" run-test-plan.py --no-parallel --verbose --export-dir "$out" \
    "$plan${modules:+:$modules}" "$OIDF/plans/$config") > "$out/$key.out" 2>&1
  local id; id=$(grep -o "Created test plan, new id: [A-Za-z0-9]*" "$out/$key.out" | head -1 | awk '{print $NF}')
  if [ -z "$id" ]; then echo "PLAN $key: no plan created (see $out/$key.out)" | tee -a "$out/failed-starts.txt"; return 0; fi
  # The suite's runner starts oidcc-server-rotate-keys before anyone could rotate the keys; run it again in
  # the same plan the way it is meant to be run: created, keys rotated on demand, then started.
  if [[ -z "$modules" || ",$modules," == *,oidcc-server-rotate-keys,* ]] \
    && "$PY" "$HERE/results.py" --has-module "$id" oidcc-server-rotate-keys; then
    "$PY" "$HERE/rotate-keys.py" "$id" "$OP_URL" oidf-admin >> "$out/$key.out" 2>&1
  fi
  echo "$key $id" >> "$out/plan-ids.txt"
}

case "${1:-}" in
  start) "$PY" "$HERE/make-configs.py" && start_all; exit ;;
  stop) stop_all; exit ;;
  list) for p in "${PLANS[@]}"; do echo "${p%%|*}  ->  $(echo "$p" | cut -d'|' -f2)"; done; exit ;;
esac
keys=${*:-$DEFAULT_PLANS}
out=$OIDF/results/run-$(date -u +%Y%m%d-%H%M%S); mkdir -p "$out"
"$PY" "$HERE/make-configs.py" || exit 1
start_all
trap '[ -n "${KEEP:-}" ] || stop_all' EXIT
for key in $keys; do run_plan "$key"; done
echo
echo "Command: OIDF=$OIDF conformance/run-plans.sh ${*:-}   (checkout $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD || echo ', with local changes'))" | tee "$out/results.md"
[ -f "$out/failed-starts.txt" ] && cat "$out/failed-starts.txt" | tee -a "$out/results.md"
[ -f "$out/plan-ids.txt" ] && "$PY" "$HERE/results.py" $(cat "$out/plan-ids.txt") | tee -a "$out/results.md"
echo "results: $out/results.md"
