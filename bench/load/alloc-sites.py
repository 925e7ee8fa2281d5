#!/usr/bin/env python3
"""Allocation sites of a JFR profile, per request, without the samples that carry a thread's long quiet.

    jfr print --json --stack-depth 16 --events jdk.ObjectAllocationSample FILE.jfr | alloc-sites.py REQUESTS [TOP]

Each jdk.ObjectAllocationSample carries as its weight the bytes its thread allocated since the thread's previous
sample. The first sample of a thread that was quiet for a long time (a key-store thread, the acceptor's virtual
thread) can so carry gigabytes, and `jfr view allocation-by-site` then ranks one Jetty constructor above the whole
request path. This script leaves out samples heavier than OUTLIER_BYTES, says how much it left out, and ranks the
rest by the allocated class and the first frames outside the JDK's collections, strings and method-handle
plumbing, in bytes per request (the kept weight divided by REQUESTS, the requests answered during the recording).
"""
import collections
import json
import sys

OUTLIER_BYTES = 10_000_000
PLUMBING = (
    "java/lang/invoke/", "java/lang/String", "java/lang/AbstractStringBuilder", "java/util/Arrays",
    "java/util/HashMap", "java/util/LinkedHashMap", "java/util/TreeMap", "java/util/ArrayList",
    "java/util/ImmutableCollections", "java/util/List", "java/util/Map", "java/util/Optional",
    "java/util/Objects", "jdk/internal/misc/Unsafe",
)


def main():
    requests = int(sys.argv[1])
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    events = json.load(sys.stdin)["recording"]["events"]
    kept, dropped, sites = 0, 0, collections.Counter()
    for event in events:
        values = event["values"]
        weight = values["weight"]
        if weight > OUTLIER_BYTES:
            dropped += weight
            continue
        kept += weight
        frames = [frame["method"]["type"]["name"] + "." + frame["method"]["name"]
                  for frame in (values.get("stackTrace") or {}).get("frames", [])]
        own = [frame for frame in frames if not frame.startswith(PLUMBING) and "0x" not in frame]
        sites[values["objectClass"]["name"] + " <- " + " < ".join(short(f) for f in own[:2])] += weight
    if requests <= 0 or kept == 0:
        print("no samples or no requests")
        return 1
    print("%d samples; left out %.1f MB in samples over %d bytes; kept %.1f MB, %d B per request"
          % (len(events), dropped / 1e6, OUTLIER_BYTES, kept / 1e6, kept / requests))
    for site, weight in sites.most_common(top):
        print("%7d B  %s" % (weight / requests, site))
    return 0


def short(frame):
    """The class's simple name and the method."""
    qualified, method = frame.rsplit(".", 1)
    return qualified.rsplit("/", 1)[-1] + "." + method


if __name__ == "__main__":
    sys.exit(main())
