#!/usr/bin/env bash
# Footprint of linux_system_metrics next to collectd, side by side:
#   bench/bench-linux-metrics.sh [BUILD_DIR] [SECONDS]
# Runs, at the same time on this host for the same duration with a 1 s
# interval:
#   - scalyr-run-monitor -s 1 linux_system_metrics (metric lines to a file)
#   - collectd 5.12 (Debian collectd-core) with the plugins cpu, memory,
#     load, df, interface, disk and processes, writing CSV to a temp dir
# then prints for each its peak RSS (VmHWM), USS (private memory from
# /proc/PID/smaps_rollup) and CPU seconds per hour (user + system), and the
# ratios ours/collectd. Goals: RSS at most 1.5x collectd's, CPU at most
# collectd's. For scale it also runs the floor: scalyr-run-monitor with the
# trivial test_monitor (the binary and its libraries, no metrics work).
# Not run by CI (it needs collectd and takes a while).
set -euo pipefail

build=${1:-build}
duration=${2:-60}
build=$(cd "$build" && pwd)
run_monitor=$build/tools/scalyr-run-monitor
collectd=${COLLECTD:-/usr/sbin/collectd}

[ -x "$run_monitor" ] || { echo "no $run_monitor: build first" >&2; exit 1; }
[ -x "$collectd" ] || { echo "no $collectd: apt-get install collectd-core" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-linux-metrics.XXXXXX")
ours_pid=
collectd_pid=
floor_pid=
cleanup () {
  for pid in $ours_pid $collectd_pid $floor_pid; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/collectd-conf.sh"
write_collectd_conf "$tmp/collectd.conf" "$tmp" 1 cpu memory load df interface disk processes

ticks=$(getconf CLK_TCK)

# prints "VmHWM_kB USS_kB cpu_ticks" of a running process
measure () {
  local pid=$1 hwm uss cpu
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
  uss=$(awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s }' "/proc/$pid/smaps_rollup")
  # utime and stime are fields 14 and 15; the command name may hold spaces
  cpu=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
  echo "$hwm $uss $cpu"
}

echo "== linux_system_metrics vs collectd: ${duration} s, interval 1 s ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -r))"
"$collectd" -f -C "$tmp/collectd.conf" > "$tmp/collectd.out" 2>&1 &
collectd_pid=$!
# no rate limit: every line is written, as collectd writes every value
"$run_monitor" -s 1 -c "{ monitor_log_write_rate: -1 }" linux_system_metrics > "$tmp/ours.log" 2>&1 &
ours_pid=$!
start=$(date +%s%N)
sleep "$duration"
read -r o_hwm o_uss o_cpu < <(measure "$ours_pid")
read -r c_hwm c_uss c_cpu < <(measure "$collectd_pid")
end=$(date +%s%N)
kill "$ours_pid" "$collectd_pid"
wait "$ours_pid" "$collectd_pid" 2>/dev/null || true

# the floor afterwards, alone (sharing library pages with our monitor would
# lower both USS figures)
floor_secs=$(( duration < 10 ? duration : 10 ))
"$run_monitor" -s 1 -c "{ gauss_mean: 5 }" test_monitor > /dev/null 2>&1 &
floor_pid=$!
floor_start=$(date +%s%N)
sleep "$floor_secs"
read -r f_hwm f_uss f_cpu < <(measure "$floor_pid")
floor_end=$(date +%s%N)

ours_lines=$(grep -c '\[linux_system_metrics()\]' "$tmp/ours.log" || true)
collectd_files=$(find "$tmp/csv" -type f 2>/dev/null | wc -l)
collectd_rows=$(find "$tmp/csv" -type f -exec cat {} + 2>/dev/null | grep -vc '^epoch' || true)

awk -v el="$(( (end - start) / 1000000 ))" -v t="$ticks" \
    -v oh="$o_hwm" -v ou="$o_uss" -v oc="$o_cpu" -v ol="$ours_lines" \
    -v ch="$c_hwm" -v cu="$c_uss" -v cc="$c_cpu" -v cf="$collectd_files" -v cr="$collectd_rows" \
    -v fh="$f_hwm" -v fu="$f_uss" -v fc="$f_cpu" -v fel="$(( (floor_end - floor_start) / 1000000 ))" '
  function cph(ticks_used) { return ticks_used / t * 3600 / (el / 1000) }
  function fcph(ticks_used) { return ticks_used / t * 3600 / (fel / 1000) }
  BEGIN {
    printf "%-28s %12s %12s %16s %s\n", "", "peak RSS", "USS", "CPU s/hour", "output"
    printf "%-28s %9.1f MB %9.1f MB %16.1f %d metric lines\n", "scalyr linux_system_metrics", oh/1024, ou/1024, cph(oc), ol
    printf "%-28s %9.1f MB %9.1f MB %16.1f %d values in %d CSV files\n", "collectd 5.12", ch/1024, cu/1024, cph(cc), cr, cf
    printf "%-28s %9.1f MB %9.1f MB %16.1f (floor: the binary with test_monitor, run after)\n", "scalyr test_monitor", fh/1024, fu/1024, fcph(fc)
    printf "%-28s %12.2f %12.2f %16s\n", "ratio ours/collectd", oh/ch, ou/cu, (cc > 0 ? sprintf("%.2f", oc/cc) : "n/a")
    printf "goals: RSS ratio <= 1.5 (%s), CPU ratio <= 1 (%s)\n", (oh/ch <= 1.5 ? "met" : "NOT met"),
           (cc > 0 ? (oc <= cc ? "met" : "NOT met") : "n/a")
  }'
