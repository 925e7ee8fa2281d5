"""Bytes allocated per request: `jfr print --json --events jdk.ThreadAllocationStatistics` on stdin, the number
of requests answered as the argument. Sums, over the threads present at the recording's last sample, the
allocation counter at that sample minus its value at the first sample (0 for a thread started meanwhile)."""
import json
import sys

events = json.load(sys.stdin)["recording"]["events"]
times = sorted({e["values"]["startTime"] for e in events})
first, last = {}, {}
for e in events:
    v = e["values"]
    thread = (v["thread"] or {}).get("javaThreadId")
    if v["startTime"] == times[0]:
        first[thread] = v["allocated"]
    if v["startTime"] == times[-1]:
        last[thread] = v["allocated"]
print(int(sum(a - first.get(t, 0) for t, a in last.items()) / max(1, int(sys.argv[1]))))
