#!/usr/bin/env bash
# The agent's /metrics endpoint under load while its monitors run (issue 16):
#   bench/bench-scrape.sh [BUILD_DIR] [SECONDS] [SCRAPERS]
# Runs the build tree's scalyr-agent with openmetrics_port on a free port of
# 127.0.0.1 and four monitors at a 1 s interval, all exported
# (openmetrics: true): linux_system_metrics, linux_process_metrics of the
# agent itself, the builtin test_monitor and the Python example
# random_coin_monitor. After a 5 s warm-up:
#   A  20 s without scrapers;
#   B  SECONDS (default 60) with SCRAPERS (default 100) scrapers back to
#      back (bench-scrape: HTTP/1.1 keep-alive, a new connection when the
#      agent closes one), asking for gzip as Prometheus does;
#   C  20 s the same without gzip;
#   D  20 s the same at Prometheus's pace (each scraper every 1 s).
# Samples the agent's RSS and CPU every second; then prints per phase the
# agent's CPU and RSS (start, middle, end, max, least-squares slope over
# the phase and over its second half), per
# monitor and phase the samples, the longest gap between two consecutive
# samples (from the timestamps of their lines in the metric logs) and the
# slips (gaps longer than the interval + 0.5 s, listed with their time),
# the connections the kernel refused for a full accept queue (TcpExt
# ListenOverflows, system-wide), and bench-scrape's own figures.
# Prints figures, asserts nothing.
set -euo pipefail
build=${1:-build}
build=$(cd "$build" && pwd)
seconds=${2:-60}
scrapers=${3:-100}
short=${BENCH_SHORT_PHASE:-20}
src=${BENCH_SRC_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d /tmp/bench-scrape-XXXXXX)
pid=
sampler=
trap 'kill $sampler $pid 2>/dev/null || true; rm -rf "$work"' EXIT
# the build tree's modules: builtin monitors, the Python loader and example, the services
export SCALYR_BUILTIN_MONITOR_PATH="$build/monitors"
export SCALYR_MONITOR_PATH="$src/examples/python"
export SCALYR_LOADER_PATH="$build/loaders/python:$build/upload:$build/metrics"
export PYTHONPATH="$src/bindings/python${PYTHONPATH:+:$PYTHONPATH}"
export GI_TYPELIB_PATH="$build/libscalyrmon:$build/libscalyragent:$build/upload"
export LD_LIBRARY_PATH="$build/libscalyrmon:$build/libscalyragent:$build/upload"
tick=$(getconf CLK_TCK)
# connections the kernel refused for a full accept queue (system-wide; on an idle host, this benchmark's)
listen_overflows() { awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) col[$i] = i; h = 1 } else print $col["ListenOverflows"] }' /proc/net/netstat; }
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat > "$work/agent.json" <<EOF
{ agent_log_path: "$work/log", agent_data_path: "$work/data",
  openmetrics_port: $port,
  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,
  monitors: [
    { module: "linux_system_metrics", sample_interval: 1, openmetrics: true },
    { module: "linux_process_metrics", id: "agent", pid: "\$\$", sample_interval: 1, openmetrics: true },
    { module: "test_monitor", gauss_mean: 1, sample_interval: 1, openmetrics: true },
    { module: "random_coin_monitor", sample_interval: 1, openmetrics: true } ] }
EOF
chmod 600 "$work/agent.json"
"$build/tools/scalyr-agent" --config "$work/agent.json" 2>"$work/agent.err" &
pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "bench-scrape.sh: the agent does not listen on 127.0.0.1:$port after 10 s" >&2
  cat "$work/agent.err" "$work/log/agent.log" >&2 2>/dev/null || true
  exit 1
fi

# the agent's RSS (kB) and CPU (clock ticks) every second
(while kill -0 $pid 2>/dev/null; do
   echo "$(date +%s.%N) $(awk '/^VmRSS/ { print $2 }' /proc/$pid/status) $(awk '{ print $14 + $15 }' /proc/$pid/stat)"
   sleep 1
 done) > "$work/samples" 2>/dev/null &
sampler=$!

phase() {  # NAME LABEL SECONDS [bench-scrape options]: runs one phase, records its bounds
  local name=$1 label=$2 secs=$3 t0 ov0
  shift 3
  ov0=$(listen_overflows)
  t0=$(date +%s.%N)
  if [ $# -gt 0 ]; then
    "$build/bench/bench-scrape" --port "$port" --seconds "$secs" "$@" > "$work/scrape-$name"
  else
    sleep "$secs"
  fi
  echo "$name $t0 $(date +%s.%N) $(($(listen_overflows) - ov0)) $label" >> "$work/phases"
}
sleep 5
phase A "idle" "$short"
phase B "$scrapers scrapers, gzip" "$seconds" --scrapers "$scrapers"
phase C "$scrapers scrapers, no gzip" "$short" --scrapers "$scrapers" --no-gzip
phase D "$scrapers scrapers, each every 1 s" "$short" --scrapers "$scrapers" --prometheus
threads=$(ls /proc/$pid/task | wc -l)
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/$pid/status)
kill $sampler; wait $sampler 2>/dev/null || true
kill -TERM $pid; wait $pid || true
pid=

echo "== scalyr-agent /metrics under load: 127.0.0.1:$port, 4 monitors at 1 s exported" \
     "($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -r))"
/usr/bin/python3 - "$work" "$tick" 1 <<'PY'
import glob, os, re, sys
from datetime import datetime, timezone

work, tick, interval = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
phases = [l.split(None, 4) for l in open(os.path.join(work, "phases"))]
overflows = {n: int(o) for n, a, b, o, label in phases}
phases = [(n, float(a), float(b), label.strip()) for n, a, b, o, label in phases]
samples = [tuple(map(float, l.split())) for l in open(os.path.join(work, "samples")) if len(l.split()) == 3]

def slope_per_min(points):
    if len(points) < 2:
        return 0.0
    mt = sum(t for t, _ in points) / len(points)
    mv = sum(v for _, v in points) / len(points)
    den = sum((t - mt) ** 2 for t, _ in points)
    return 60 * sum((t - mt) * (v - mv) for t, v in points) / den if den else 0.0

print("%-32s %6s %7s %6s  %-27s %7s %7s %6s" % ("phase", "s", "CPU s", "core", "RSS kB start/mid/end (max)",
                                                 "kB/min", "2nd half", "queue full"))
loaded = [p for p in phases if p[0] != "A"]
for name, t0, t1, label in phases + [("B-D", loaded[0][1], loaded[-1][2], "all the load")]:
    inside = [s for s in samples if t0 <= s[0] <= t1]
    if len(inside) < 2:
        continue
    cpu = (inside[-1][2] - inside[0][2]) / tick
    span = inside[-1][0] - inside[0][0]
    rss = [s[1] for s in inside]
    print("%-32s %6.1f %7.2f %5.1f%%  %-27s %+7.0f %+7.0f %6s" % (
        name + " " + label, t1 - t0, cpu, 100 * cpu / span,
        "%d/%d/%d (%d)" % (rss[0], rss[len(rss) // 2], rss[-1], max(rss)),
        slope_per_min([(s[0], s[1]) for s in inside]),
        slope_per_min([(s[0], s[1]) for s in inside[len(inside) // 2:]]),
        overflows.get(name, sum(overflows[p] for p in "BCD"))))

# each monitor instance's samples: lines written together (less than 0.25 s apart)
line_re = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)Z \[([^\]]+)\] ")
starts = {}
for path in sorted(glob.glob(os.path.join(work, "log", "*.log"))):
    if os.path.basename(path) in ("agent.log", "agent_metrics.log"):
        continue
    last = {}
    for line in open(path, errors="replace"):
        m = line_re.match(line)
        if not m:
            continue
        t = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=timezone.utc).timestamp()
        tag = m.group(2)
        if tag not in last or t - last[tag] > 0.25:
            starts.setdefault(tag, []).append(t)
        last[tag] = t
print()
print("sample gaps (interval %g s; a slip is a gap > %g s): samples / longest gap s / slips" % (interval, interval + 0.5))
print("%-32s" % "monitor" + "".join("%18s" % n for n, *_ in phases))
slips = []
for tag in sorted(starts):
    ts = starts[tag]
    row = "%-32s" % tag
    for name, t0, t1, label in phases:
        inside = [i for i in range(1, len(ts)) if t0 <= ts[i] <= t1]
        gaps = [ts[i] - ts[i - 1] for i in inside]
        row += "%18s" % ("%d / %.3f / %d" % (len(inside), max(gaps, default=0), sum(g > interval + 0.5 for g in gaps)))
        slips += ["%s %s+%.1fs (%.2fs)" % (tag, name, ts[i - 1] - t0, ts[i] - ts[i - 1])
                  for i in inside if ts[i] - ts[i - 1] > interval + 0.5]
    print(row)
if slips:
    print("slips (monitor, phase + seconds into it, gap): " + "; ".join(slips))
PY
echo "agent at the end: threads $threads, peak RSS (VmHWM) $hwm kB;" \
     "warnings and errors in agent.log: $(grep -cE '^[^ ]+ [^ ]+ (WARNING|ERROR|CRITICAL) ' "$work/log/agent.log" || true)"
while read -r name _ _ _ label; do
  if [ -s "$work/scrape-$name" ]; then
    echo
    echo "-- bench-scrape, phase $name ($label)"
    cat "$work/scrape-$name"
  fi
done < "$work/phases"
