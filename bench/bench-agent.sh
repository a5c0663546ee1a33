#!/usr/bin/env bash
# Peak RSS and CPU of scalyr-agent, and RSS over many reloads:
#   bench/bench-agent.sh [BUILD_DIR] [SECONDS] [RELOADS] [SOAK_SECONDS]
# 1. runs examples/agent.json (C monitors only: random_coin and the builtin
#    test_monitor) for SECONDS (default 30) and prints peak RSS (VmHWM),
#    current RSS and CPU seconds used;
# 2. runs 10 monitors at a 1 s interval and reloads them RELOADS times
#    (default 100, SIGHUP, alternating two configurations that differ in one
#    entry), printing RSS every 10 reloads: it should stay flat;
# 3. keeps running those 10 monitors for SOAK_SECONDS (default 60; the
#    acceptance run is 600) and prints RSS every 10% of it.
# Prints figures, asserts nothing.
set -euo pipefail
build=${1:-build}
build=$(cd "$build" && pwd)
seconds=${2:-30}
reloads=${3:-100}
soak=${4:-60}
src=${BENCH_SRC_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
work=$(mktemp -d /tmp/bench-agent-XXXXXX)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
export SCALYR_MONITOR_PATH="$build/examples/c/random-coin"
export SCALYR_LOADER_PATH="$build/upload"
export SCALYR_BUILTIN_MONITOR_PATH="$build/monitors"   # the builtin monitor modules of the build tree
export SCALYR_AGENT_HOME="$work/home"
tick=$(getconf CLK_TCK)

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
cpu_s() { awk -v t="$tick" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }

run_ours() {
  "$build/tools/scalyr-agent" --config "$src/examples/agent.json" 2>/dev/null &
  pid=$!
  sleep "$seconds"
  echo "peak RSS $(hwm_kb $pid) kB, RSS $(rss_kb $pid) kB, CPU $(cpu_s $pid) s in ${seconds} s," \
       "threads $(ls /proc/$pid/task | wc -l), metric lines $(cat "$work"/home/log/*.log | grep -vc ' \[core\] ')"
  kill -TERM $pid; wait $pid || true
  rm -rf "$work/home"
}
echo "== scalyr-agent on examples/agent.json for ${seconds}s ($(nproc) cores, $(uname -r))"
echo "-- as is: random_coin, test_monitor x2, and the platform monitors linux_system_metrics, linux_process_metrics(agent)"
run_ours
echo "-- without the platform monitors (SCALYR_IMPLICIT_METRIC_MONITOR=false ...)"
SCALYR_IMPLICIT_METRIC_MONITOR=false SCALYR_IMPLICIT_AGENT_PROCESS_METRICS_MONITOR=false run_ours

echo "-- uploading: the same with an api_key, to the mock addEvents server (a separate process),"
echo "   and an application log growing by 100 lines/s copied too"
run_uploading() {
  mkdir -p "$work/up"
  "$build/bench/mock-addevents-server" bench-key > "$work/up/url" 2>"$work/up/mock.err" &
  mock=$!
  for _ in $(seq 50); do [ -s "$work/up/url" ] && break; sleep 0.1; done
  : > "$work/up/app.log"
  cat > "$work/up/agent.json" <<UP
{ import_vars: [ { var: "SCALYR_AGENT_HOME", default: "/tmp/scalyr-agent" } ],
  api_key: "bench-key", scalyr_server: "$(cat "$work/up/url")", allow_http: true,
  agent_log_path: "\$SCALYR_AGENT_HOME/log", agent_data_path: "\$SCALYR_AGENT_HOME/data",
  global_monitor_sample_interval: 10,
  logs: [ { path: "$work/up/app.log", parser: "accessLog" } ],
  monitors: [
    { module: "random_coin", gauss_mean: 8.5 },
    { module: "scalyr_agent.builtin_monitors.test_monitor", id: "slow", gauss_mean: 1 },
    { module: "scalyr_agent.builtin_monitors.test_monitor", id: "fast", gauss_mean: 5, sample_interval: 2 } ] }
UP
  chmod 600 "$work/up/agent.json"
  "$build/tools/scalyr-agent" --config "$work/up/agent.json" 2>/dev/null &
  pid=$!
  for ((i = 0; i < seconds * 10; i++)); do
    for ((j = 0; j < 10; j++)); do
      echo "10.0.0.$j - - [01/May/2024:12:00:00 +0000] \"GET /index.html HTTP/1.1\" 200 $i \"-\" \"bench\""
    done >> "$work/up/app.log"
    sleep 0.1
  done
  echo "peak RSS $(hwm_kb $pid) kB, RSS $(rss_kb $pid) kB, CPU $(cpu_s $pid) s in ${seconds} s," \
       "threads $(ls /proc/$pid/task | wc -l)"
  kill -TERM $pid; wait $pid || true
  kill -TERM $mock; wait $mock || true
  cat "$work/up/mock.err"
  rm -rf "$work/home" "$work/up"
}
run_uploading

run_reference() {
  mkdir -p "$work/ref/log" "$work/ref/data"
  cat > "$work/ref/agent.json" <<REF
{ api_key: "benchmark-no-upload", scalyr_server: "http://127.0.0.1:9", allow_http: true,
  agent_log_path: "$work/ref/log", agent_data_path: "$work/ref/data",
  implicit_metric_monitor: $1, implicit_agent_process_metrics_monitor: $1,
  global_monitor_sample_interval: 10,
  monitors: [
    { module: "scalyr_agent.builtin_monitors.test_monitor", id: "coin", gauss_mean: 8.5 },
    { module: "scalyr_agent.builtin_monitors.test_monitor", id: "slow", gauss_mean: 1 },
    { module: "scalyr_agent.builtin_monitors.test_monitor", id: "fast", gauss_mean: 5, sample_interval: 2 } ] }
REF
  chmod 600 "$work/ref/agent.json"
  (cd "$SCALYR_REFERENCE_DIR" && exec python3 -m scalyr_agent.agent_main --no-fork --no-check-remote-server \
     -c "$work/ref/agent.json" start >/dev/null 2>&1) &
  pid=$!
  sleep "$seconds"
  echo "peak RSS $(hwm_kb $pid) kB, RSS $(rss_kb $pid) kB, CPU $(cpu_s $pid) s in ${seconds} s," \
       "threads $(ls /proc/$pid/task | wc -l), metric lines $(cat "$work"/ref/log/*.log | grep -vc ' \[core\] ')" \
       "(uploads fail: no server)"
  kill -TERM $pid; wait $pid || true
  rm -rf "$work/ref"
}
if [ -n "${SCALYR_REFERENCE_DIR:-}" ]; then
  echo
  echo "== original agent (agent_main --no-fork) for ${seconds}s: test_monitor x3 (it has no random_coin)"
  echo "-- with its platform monitors (linux_system_metrics, linux_process_metrics)"
  run_reference true
  echo "-- without"
  run_reference false
fi

echo
echo "== 10 monitors at 1 s, ${reloads} reloads (SIGHUP), RSS every 10"
config="$work/agent.json"
write_config() {
  {
    echo "{ agent_log_path: \"$work/log\", agent_data_path: \"$work/data\","
    echo "  config_change_check_interval: 1000, global_monitor_sample_interval: 1,"
    echo "  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,"
    echo "  monitors: ["
    for i in 1 2 3 4 5 6 7 8 9; do
      echo "    { module: \"test_monitor\", id: \"m$i\", gauss_mean: 1 },"
    done
    echo "    { module: \"random_coin\", gauss_mean: $1 } ] }"
  } > "$config.tmp"
  chmod 600 "$config.tmp"
  mv "$config.tmp" "$config"
}
write_config 1
"$build/tools/scalyr-agent" --config "$config" 2>/dev/null &
pid=$!
sleep 2
start=$(rss_kb $pid)
echo "reloads 0: RSS $start kB"
for ((r = 1; r <= reloads; r++)); do
  write_config $((r % 2 + 1))
  kill -HUP $pid
  sleep 0.1
  if ((r % 10 == 0)); then echo "reloads $r: RSS $(rss_kb $pid) kB"; fi
done
end=$(rss_kb $pid)
echo "RSS change over $reloads reloads: $((end - start)) kB; peak $(hwm_kb $pid) kB;" \
     "restarts logged: $(grep -c 'Stopping monitors removed or changed: random_coin()' "$work/log/agent.log")"

echo
echo "== the same 10 monitors for ${soak}s more"
start=$(rss_kb $pid)
cpu0=$(cpu_s $pid)
for ((i = 1; i <= 10; i++)); do
  sleep "$(awk -v s="$soak" 'BEGIN { print s / 10 }')"
  echo "t+$((soak * i / 10))s: RSS $(rss_kb $pid) kB"
done
end=$(rss_kb $pid)
echo "RSS change over ${soak}s: $((end - start)) kB; CPU $(awk -v a="$cpu0" -v b="$(cpu_s $pid)" 'BEGIN { printf "%.2f", b - a }') s;" \
     "metric lines $(cat "$work"/log/test_monitor.log "$work"/log/random_coin.log | wc -l)"
kill -TERM $pid; wait $pid || true
