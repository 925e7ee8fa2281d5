# Sourced by bench/run-load.sh and bench/rotations.sh (needs curl and sed).
#
# device_families BASE FILE N CLIENT USERNAME PASSWORD WORKDIR: N refresh tokens (N families) of the public
# CLIENT, one a line in FILE, each through the device flow: device authorization, the verification page (sign-in
# as USERNAME once, then approve), the token poll. WORKDIR keeps the cookie jar and the last page. Fails unless
# all N were obtained.
device_families() {
    local base="$1" file="$2" n="$3" client="$4" username="$5" password="$6" work="$7"
    local jar="$work/device-cookies.txt" i device code user csrf
    : >"$file"
    rm -f "$jar"
    for i in $(seq "$n"); do
        device="$(curl -sf -d client_id="$client" -d scope=read "$base/oauth2/devicecode")"
        code="$(printf '%s' "$device" | device_json_field device_code)"
        user="$(printf '%s' "$device" | device_json_field user_code)"
        csrf="$(curl -sf -c "$jar" -b "$jar" "$base/device" | device_csrf)"
        if [ "$i" = 1 ]; then # signing in renews the session and its CSRF token: take the new one
            csrf="$(curl -sf -c "$jar" -b "$jar" -d csrf_token="$csrf" -d user_code="$user" \
                --data-urlencode username="$username" --data-urlencode password="$password" "$base/device" | device_csrf)"
        fi
        curl -sf -c "$jar" -b "$jar" -d csrf_token="$csrf" -d user_code="$user" -d decision=approve \
            "$base/device" >"$work/device-page.html"
        grep -q 'Device connected' "$work/device-page.html"
        curl -sf -d grant_type=urn:ietf:params:oauth:grant-type:device_code -d device_code="$code" \
            -d client_id="$client" "$base/oauth2/token" | device_json_field refresh_token >>"$file"
    done
    [ "$(grep -c . "$file")" = "$n" ] || { echo "Could not obtain $n refresh tokens" >&2; exit 1; }
}
device_json_field() { { cat; echo; } | sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
device_csrf() { sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p'; }
