#!/usr/bin/env bash
# The memory floor, one process at a time:
#   bench/bench-floor.sh [BUILD_DIR] [SECONDS]
# Runs ALONE, one after the other (PSS depends on who else maps a library,
# so nothing of ours runs beside the one measured), each for SECONDS
# (default 10):
#   - bench-floor-0 .. bench-floor-4: bare programs linking libc; + GLib;
#     + GObject, GModule; + GIO; + json-glib (bench/bench-floor.c), each
#     with the main thread and one more, idle
#   - scalyr-run-monitor -s 1 linux_system_metrics (metric lines to a file)
#   - scalyr-agent running only linux_system_metrics at 1 s (no api_key,
#     implicit_agent_process_metrics_monitor false), logs in a temp dir;
#     then again with G_SLICE=always-malloc, as scalyr-agent.service runs it
#   - collectd 5.12 (Debian collectd-core), Interval 1, plugins cpu memory
#     load disk interface df and csv to a temp dir
# and prints for each peak RSS (VmHWM), RSS, PSS and USS (smaps_rollup),
# the number of threads, then the mappings that hold the most resident
# memory (RSS, PSS and private kB per file; anonymous mappings as [anon]).
# MAPS=all prints every mapping instead of the biggest 8. Other processes
# of the host that map the same libraries (another GLib program, another
# collectd) lower the PSS printed: the script names them, and prints beside
# it "PSSalone": the PSS the process would have if it were the only one of
# its kind on the host, pages of libc, ld.so and the locale files counted
# shared (as every process maps them), every other page counted in full.
# Release build for figures: meson setup build-rel --buildtype=release.
set -euo pipefail

build=${1:-build}
duration=${2:-10}
build=$(cd "$build" && pwd)
collectd=${COLLECTD:-/usr/sbin/collectd}
top=${MAPS:-8}

for prog in bench/bench-floor-0 tools/scalyr-run-monitor tools/scalyr-agent; do
  [ -x "$build/$prog" ] || { echo "no $build/$prog: build first" >&2; exit 1; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-floor.XXXXXX")
pid=
cleanup () {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/collectd-conf.sh"
write_collectd_conf "$tmp/collectd.conf" "$tmp" 1 cpu memory load disk interface df

mkdir -m 700 "$tmp/agent-log" "$tmp/agent-data"
cat > "$tmp/agent.json" <<EOC
{
  agent_log_path: "$tmp/agent-log",
  agent_data_path: "$tmp/agent-data",
  implicit_agent_process_metrics_monitor: false,
  global_monitor_sample_interval: 1,
  monitors: []
}
EOC

# per file: RSS PSS private (kB), biggest RSS first
per_mapping () {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { name = $6; if (name == "") name = "[anon]" }
       /^Rss:/ { r[name] += $2 }
       /^Pss:/ { p[name] += $2 }
       /^Private_(Clean|Dirty):/ { u[name] += $2 }
       END { for (n in r) if (r[n] > 0) printf "%7d %7d %7d  %s\n", r[n], p[n], u[n], n }' \
    "/proc/$1/smaps" | sort -rn
}

# who else maps a file we map (lowers our PSS): the commands, once each
sharers () {
  local self=$1 lib=$2
  grep -l -F "$lib" /proc/[0-9]*/maps 2>/dev/null \
    | sed 's|/proc/\([0-9]*\)/maps|\1|' | grep -vx "$self" \
    | while read -r p; do cat "/proc/$p/comm" 2>/dev/null || true; done | sort -u | tr '\n' ' ' \
    || true
}

measure () {
  local name=$1 hwm rss pss uss alone threads
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
  rss=$(awk '/^Rss:/ { print $2 }' "/proc/$pid/smaps_rollup")
  pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup")
  uss=$(awk '/^Private_(Clean|Dirty):/ { s += $2 } END { print s }' "/proc/$pid/smaps_rollup")
  alone=$(awk '/^[0-9a-f]+-[0-9a-f]+ / { common = ($6 ~ /\/(libc\.so|ld-linux)|^\/usr\/lib\/locale\/|\/gconv\//) }
               /^Rss:/ { rss = $2 }
               /^Pss:/ { s += common ? $2 : rss }
               END { print s }' "/proc/$pid/smaps")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")
  printf '%-34s %8d %8d %8d %9d %8d %7d\n' "$name" "$hwm" "$rss" "$pss" "$alone" "$uss" "$threads" >> "$tmp/table"
  {
    echo "== $name (kB: RSS PSS private)"
    if [ "$top" = all ]; then per_mapping "$pid"; else per_mapping "$pid" | head -n "$top"; fi
    local others
    others=$(sharers "$pid" libglib-2.0.so.0)
    [ -z "$others" ] || echo "   (GLib also mapped by: $others)"
    others=$(sharers "$pid" /usr/sbin/collectd)
    [ -z "$others" ] || echo "   (collectd also run by: $others)"
  } >> "$tmp/maps"
}

run_alone () {
  local name=$1; shift
  "$@" > "$tmp/out" 2>&1 &
  pid=$!
  sleep "$duration"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "$name exited early:" >&2; cat "$tmp/out" >&2; exit 1
  fi
  measure "$name"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
}

echo "== memory floor, each alone ${duration} s ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -r))"
printf '%-34s %8s %8s %8s %9s %8s %7s\n' "program" "peakRSS" "RSS" "PSS" "PSSalone" "USS" "threads" > "$tmp/table"
labels=("a libc" "b + glib" "c + gobject gmodule" "d + gio" "e + json-glib")
for level in 0 1 2 3 4; do
  run_alone "bare ${labels[$level]}" "$build/bench/bench-floor-$level"
done
SCALYR_BUILTIN_MONITOR_PATH=$build/monitors \
  run_alone "scalyr-run-monitor -s 1 lsm" \
  "$build/tools/scalyr-run-monitor" -s 1 -c "{ monitor_log_write_rate: -1 }" linux_system_metrics
SCALYR_BUILTIN_MONITOR_PATH=$build/monitors \
  run_alone "scalyr-agent (lsm at 1 s)" "$build/tools/scalyr-agent" --config "$tmp/agent.json"
# as scalyr-agent.service runs it: GSlice off (GLib < 2.76)
rm -rf "${tmp:?}"/agent-log/* "${tmp:?}"/agent-data/*
SCALYR_BUILTIN_MONITOR_PATH=$build/monitors G_SLICE=always-malloc \
  run_alone "scalyr-agent, G_SLICE (the unit)" "$build/tools/scalyr-agent" --config "$tmp/agent.json"
if [ -x "$collectd" ]; then
  run_alone "collectd (6 plugins + csv, 1 s)" "$collectd" -f -C "$tmp/collectd.conf"
else
  echo "no $collectd: apt-get install collectd-core (skipped)"
fi
echo "   (kB; peak RSS is VmHWM, PSS and USS from smaps_rollup)"
cat "$tmp/table"
echo
cat "$tmp/maps"
