#!/usr/bin/env bash
# Prints the path of a wrk2 binary, building it first when needed: the constant-rate load generator of
# bench/run-load.sh's latency runs (Gil Tene's fork of wrk: each request's latency is recorded from its intended
# send time into an HdrHistogram, so a stall of the server counts for every request it held back).
#
#   bench/wrk2.sh              # wrk2 on the PATH, else bench/target/wrk2/wrk, built from the pinned commit
#
# WRK2_REPO (default https://github.com/giltene/wrk2.git) may name a local mirror. The build needs git, make, a
# C compiler and OpenSSL's and zlib's headers (libssl-dev, zlib1g-dev); it takes about a minute. On failure this
# prints nothing and exits 1, and run-load.sh falls back to the bench module's ConstantRateLoad.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
REPO="${WRK2_REPO:-https://github.com/giltene/wrk2.git}"
COMMIT=44a94c17d8e6a0bac8559b53da76848e430cb7a7
DIR="$ROOT/bench/target/wrk2"

if command -v wrk2 >/dev/null; then
    command -v wrk2
    exit 0
fi
if [ ! -x "$DIR/wrk" ]; then
    {
        rm -rf "$DIR"
        git clone -q "$REPO" "$DIR"
        git -C "$DIR" checkout -q "$COMMIT"
        make -C "$DIR" -j"$(nproc)"
    } >"$ROOT/bench/target/wrk2-build.log" 2>&1 || { echo "wrk2 could not be built: bench/target/wrk2-build.log" >&2; exit 1; }
fi
echo "$DIR/wrk"
