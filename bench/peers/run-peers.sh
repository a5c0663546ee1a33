#!/usr/bin/env bash
# bench/peers/run-peers.sh: scalyr-agent measured against its peers, the one
# command of bench/peers/README.md:
#   bench/peers/run-peers.sh [BUILD_DIR] [--rounds N] [--log-mib M]
#       [--metrics-seconds S] [--idle-seconds S] [--only shipping|metrics|idle]
#       [--quick] [--out DIR] [--keep]
# BUILD_DIR (default build-rel) should be a release build:
#   meson setup build-rel --buildtype=release && ninja -C build-rel
# Three comparisons, each contender run alone, interleaved (ours, peer, ours,
# peer, ...) for N rounds: log shipping to a counting HTTP sink (line-sink) vs
# syslog-ng; system metrics at 1 s vs collectd and prometheus-node-exporter;
# the idle agent (examples/agent.json) vs collectd. Prints markdown tables
# (min and median over the rounds, ratio ours/peer of the medians) and keeps
# the raw figures as TSV in the output directory. Installs nothing: a missing
# peer makes it print the apt-get line and exit 2.
# Exit status: 0 all runs OK, 1 a run FAILED (lost/duplicated lines, a
# contender that did not start or stalled), 2 missing peers or bad usage.
set -euo pipefail

usage() {
  sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

src=$(cd "$(dirname "$0")/../.." && pwd)
build=""
rounds=3 log_mib=200 metrics_s=120 idle_s=120 only="" out="" keep=0 warmup=5
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --log-mib) log_mib=$2; shift 2 ;;
    --metrics-seconds) metrics_s=$2; shift 2 ;;
    --idle-seconds) idle_s=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --quick) rounds=3 log_mib=8 metrics_s=10 idle_s=10 warmup=2; shift ;;
    -h|--help) usage ;;
    -*) echo "run-peers.sh: unknown option '$1'" >&2; usage ;;
    *) [ -z "$build" ] || usage; build=$1; shift ;;
  esac
done
case "$only" in ""|shipping|metrics|idle) ;; *) echo "run-peers.sh: --only takes shipping, metrics or idle, not '$only'" >&2; exit 2 ;; esac
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
build=${build:-$src/build-rel}
[ -d "$build" ] || { echo "run-peers.sh: no build directory '$build' (meson setup build-rel --buildtype=release && ninja -C build-rel)" >&2; exit 2; }
build=$(cd "$build" && pwd)

# --- the peers: say which Debian packages are missing, install nothing
missing=()
if want shipping; then
  [ -x /usr/sbin/syslog-ng ] || missing+=(syslog-ng-core)
  compgen -G '/usr/lib/syslog-ng/*/libhttp.so' >/dev/null || compgen -G '/usr/lib/*/syslog-ng/libhttp.so' >/dev/null ||
    missing+=(syslog-ng-mod-http)
fi
if want metrics || want idle; then
  [ -x /usr/sbin/collectd ] || missing+=(collectd-core)
fi
if want metrics; then
  [ -x /usr/bin/prometheus-node-exporter ] || missing+=(prometheus-node-exporter)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "run-peers.sh: peer programs missing; install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 2
fi

agent=$build/tools/scalyr-agent
run_monitor=$build/tools/scalyr-run-monitor
sink=$build/bench/peers/line-sink
gen=$build/bench/peers/gen-access-log
scraper=$build/bench/peers/scrape-loop
for f in "$agent" "$run_monitor" "$sink" "$gen" "$scraper"; do
  [ -x "$f" ] || { echo "run-peers.sh: $f is missing: build it first (ninja -C $build)" >&2; exit 2; }
done
buildtype=$(/usr/bin/python3 -c 'import json,sys; print(next(o["value"] for o in json.load(open(sys.argv[1])) if o["name"] == "buildtype"))' \
  "$build/meson-info/intro-buildoptions.json" 2>/dev/null || echo unknown)
case "$buildtype" in
  release|debugoptimized) ;;
  *) echo "run-peers.sh: WARNING: $build is a '$buildtype' build; the figures are meant for a release build" \
       "(meson setup build-rel --buildtype=release && ninja -C build-rel)" >&2 ;;
esac

work=$(mktemp -d /tmp/peers-XXXXXX)
chmod 700 "$work"
if [ -z "$out" ]; then out=$(mktemp -d /tmp/peers-out-XXXXXX); fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
pgids=()
cleanup() {
  local g
  for g in "${pgids[@]}"; do kill -TERM -- "-$g" 2>/dev/null || true; done
  sleep 0.2
  for g in "${pgids[@]}"; do kill -KILL -- "-$g" 2>/dev/null || true; done
  if [ "$keep" = 1 ]; then echo "run-peers.sh: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

meson devenv -C "$build" --dump > "$work/devenv.sh" 2>/dev/null || : > "$work/devenv.sh"
tick=$(getconf CLK_TCK)
failed=0

# --- starting and stopping: every process in its own process group
# start NAME LOG CMD...: runs CMD (ours with the devenv environment), sets $pid
start() {
  local name=$1 log=$2; shift 2
  if [ "$name" = ours ]; then
    # G_SLICE=always-malloc as scalyr-agent.service runs the agent (GLib 2.74
    # keeps GSlice's magazines otherwise: doc/performance-memory.md)
    ( set +u; . "$work/devenv.sh"; export G_SLICE=always-malloc; exec setsid "$@" ) > "$log" 2>&1 < /dev/null &
  else
    setsid "$@" > "$log" 2>&1 < /dev/null &
  fi
  pid=$!
  pgids+=("$pid")
}
# stop PID: SIGTERM its group, then SIGKILL after 10 s
stop() {
  local p=$1 i
  kill -TERM -- "-$p" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  forget "$p"
}
forget() {
  local g kept=()
  for g in "${pgids[@]}"; do [ "$g" = "$1" ] || kept+=("$g"); done
  pgids=("${kept[@]}")
}
now() { date +%s.%N; }
# CPU seconds (utime+stime, all threads) of a live process
cpu_s() { sed 's/.*) //' "/proc/$1/stat" | awk -v t="$tick" '{ printf "%.3f", ($12 + $13) / t }'; }
kb() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
# "PSS USS" in kB from smaps_rollup
pss_uss() { awk '/^Pss:/ { p = $2 } /^Private_(Clean|Dirty):/ { u += $2 } END { print p + 0, u + 0 }' "/proc/$1/smaps_rollup"; }
# CPU seconds summed over the live threads (schedstat, ns: finer than the
# 10 ms ticks of /proc/PID/stat; resident programs keep their threads)
cpu_threads_s() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.6f", s / 1e9 }'; }
# voluntary context switches summed over the live threads
vcsw() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.2f", k / 1024 }'; }

{
  echo "# scalyr-agent vs its peers ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "- machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
       "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, kernel $(uname -r)," \
       "Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
  echo "- ours: $(git -C "$src" describe --always --dirty 2>/dev/null || echo '?')" \
       "($(git -C "$src" log -1 --format=%cs 2>/dev/null || echo '?')), build type $buildtype ($build)"
  echo "- peers: $(dpkg-query -W -f '${Package} ${Version}, ' syslog-ng-core syslog-ng-mod-http collectd-core prometheus-node-exporter 2>/dev/null | sed 's/, $//')"
  echo "- rounds: $rounds (interleaved, each contender alone); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/report.md"

# --- statistics: TSV rows "contender round status fig1 fig2 ..." to a table
# table TSV TITLE OURS_PREFIX: min and median per figure, ratio of the medians
table() {
  /usr/bin/python3 - "$@" <<'PY' | tee -a "$out/report.md"
import statistics, sys
path, title = sys.argv[1], sys.argv[2]
rows = [l.rstrip("\n").split("\t") for l in open(path)]
head, rows = rows[0], rows[1:]
figs = head[3:]
order, by = [], {}
for r in rows:
    if r[0] not in by: order.append(r[0]); by[r[0]] = []
    by[r[0]].append(r)
def num(v):
    try: return float(v)
    except ValueError: return None
def fmt(v):
    if v is None: return "–"
    if v == int(v) and abs(v) >= 1000 or v == 0: return f"{v:.0f}"
    a = abs(v)
    return f"{v:.0f}" if a >= 1000 else f"{v:.1f}" if a >= 10 else f"{v:.2f}" if a >= 0.1 else f"{v:.3f}"
med = {}
print(f"\n## {title}\n")
print("| contender | runs | " + " | ".join(f"{f} (min / median)" for f in figs) + " |")
print("|---|---|" + "---|" * len(figs))
for c in order:
    ok = [r for r in by[c] if r[2] == "ok"]
    bad = len(by[c]) - len(ok)
    cells = []
    med[c] = []
    for i in range(len(figs)):
        vs = [num(r[3 + i]) for r in ok]
        vs = [v for v in vs if v is not None]
        if vs:
            m = statistics.median(vs); med[c].append(m)
            cells.append(f"{fmt(min(vs))} / {fmt(m)}")
        else:
            med[c].append(None); cells.append("–")
    runs = f"{len(ok)}" + (f" + **{bad} FAILED**" if bad else "")
    print(f"| {c} | {runs} | " + " | ".join(cells) + " |")
ours = [c for c in order if c.startswith("ours")]
peers = [c for c in order if not c.startswith("ours") and "scraper" not in c]
for p in peers:
    for o in ours:
        cells = []
        for i in range(len(figs)):
            a, b = med[o][i], med[p][i]
            if figs[i] in ("threads", "lines received", "unique", "duplicates", "missing", "sink CPU %"):
                cells.append(""); continue
            cells.append(f"{a / b:.2f}" if a is not None and b not in (None, 0) else "–")
        print(f"| ratio {o} / {p} | | " + " | ".join(cells) + " |")
PY
}

# --- the sink
# sink_start N: starts line-sink expecting N lines; sets $sink_pid, $sink_url, $sink_out
sink_start() {
  sink_out=$1/sink.out
  start peer "$sink_out" "$sink" --expect "$2"
  sink_pid=$pid
  local i
  for ((i = 0; i < 100; i++)); do grep -q '^url ' "$sink_out" && break; sleep 0.05; done
  sink_url=$(awk '/^url / { print $2 }' "$sink_out")
  [ -n "$sink_url" ] || { echo "run-peers.sh: line-sink did not start: $(cat "$sink_out")" >&2; exit 1; }
}
# field NAME LINE: the value of NAME=... in a sink line
field() { tr ' ' '\n' <<< "$2" | awk -F= -v k="$1" '$1 == k { print $2 }'; }

# ============================ shipping
shipping() {
  local log=$work/access.log n bytes
  echo
  echo "== shipping: generating a ${log_mib} MiB access log" >&2
  n=$("$gen" "$log_mib" "$log")
  bytes=$(stat -c %s "$log")
  echo "   $n lines, $bytes bytes" >&2

  # calibration: the sink fed by curl (one keep-alive connection, 5 MB bodies)
  local cal=$work/cal; mkdir -p "$cal"
  split -C 5000000 "$log" "$cal/part."
  sink_start "$cal" "$n"
  local args=() f first=1
  for f in "$cal"/part.*; do
    [ $first = 1 ] || args+=(--next); first=0
    args+=(-s -o /dev/null --data-binary "@$f" "$sink_url/calibrate")
  done
  curl "${args[@]}"
  local cal_line; cal_line=$(curl -s "$sink_url/status")
  stop "$sink_pid"
  rm -rf "$cal"
  local cal_cpu; cal_cpu=$(field cpu_s "$cal_line")
  sink_capacity=$(awk -v b="$bytes" -v c="$cal_cpu" 'BEGIN { printf "%.0f", (c > 0 ? b / 1e6 / c : 0) }')
  echo "   sink calibration: curl posting the file in 5 MB bodies: sink CPU $cal_cpu s for $((bytes / 1000000)) MB" \
       "=> it can take ~$sink_capacity MB/s of raw lines on one core; unique $(field unique "$cal_line") of $n" >&2

  printf 'contender\tround\tstatus\twall s\tMB/s\tCPU ms/MB\tpeak RSS MiB\tlines received\tunique\tduplicates\tmissing\tsink CPU %%\n' \
    > "$out/shipping.tsv"
  local r
  for ((r = 1; r <= rounds; r++)); do
    ship_run "ours none" "$r" "$log" "$n" "$bytes"
    ship_run "syslog-ng" "$r" "$log" "$n" "$bytes"
    ship_run "ours deflate (default)" "$r" "$log" "$n" "$bytes"
  done
  table "$out/shipping.tsv" "Shipping a ${log_mib} MiB access log ($n lines) to a local HTTP sink"
  echo | tee -a "$out/report.md"
  echo "sink: one thread, epoll; calibrated at ~$sink_capacity MB/s of raw line bodies per CPU second (curl as the sender)" \
    | tee -a "$out/report.md"
}

write_syslog_ng_conf() {
  # $1 conf, $2 log file, $3 url
  cat > "$1" <<EOF
@version: 3.38
options { stats-freq(0); use-dns(no); dns-cache(no); keep-hostname(yes); chain-hostnames(no);
          mark-freq(0); log-fifo-size(${SYSLOG_NG_FIFO:-20000}); };
source s_log { file("$2" flags(no-parse) follow-freq(1)
                    log-fetch-limit(${SYSLOG_NG_FETCH:-1000}) log-iw-size(${SYSLOG_NG_IW:-10000})); };
destination d_sink { http(url("$3/syslog") method("POST")
                          workers(${SYSLOG_NG_WORKERS:-2}) batch-lines(${SYSLOG_NG_BATCH:-1000})
                          batch-bytes(${SYSLOG_NG_BATCH_BYTES:-4194304}) batch-timeout(100)
                          body("\${MESSAGE}") delimiter("\n")); };
log { source(s_log); destination(d_sink); flags(flow-control); };
EOF
}

write_agent_ship_conf() {
  # $1 conf, $2 dir, $3 log file, $4 url, $5 compression ("" = default)
  local comp=""
  [ -n "$5" ] && comp="compression_type: \"$5\","
  cat > "$1" <<EOF
{ api_key: "peers-bench", scalyr_server: "$4", allow_http: true, $comp
  agent_log_path: "$2/log", agent_data_path: "$2/data",
  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,
  // the values max_send_rate_enforcement "unlimited" (the default) forces,
  // except the offset limits: 200 000 000 bytes would skip a 200 MiB file
  disable_max_send_rate_enforcement_overrides: true,
  max_allowed_request_size: 5900000, pipeline_threshold: 0,
  min_request_spacing_interval: 0.0, max_request_spacing_interval: 5.0,
  max_log_offset_size: 100000000000, max_existing_log_offset_size: 100000000000,
  logs: [ { path: "$3", copy_from_start: true } ] }
EOF
  chmod 600 "$1"
}

# ship_run CONTENDER ROUND LOG N BYTES: one run; appends a row to shipping.tsv
ship_run() {
  local who=$1 round=$2 log=$3 n=$4 bytes=$5
  local d=$work/ship-$round-${who%% *}-$RANDOM; mkdir -p "$d/log" "$d/data"; chmod 700 "$d" "$d/log" "$d/data"
  sink_start "$d" "$n"
  local t0 spid status=ok why=""
  case "$who" in
    "ours none") write_agent_ship_conf "$d/agent.json" "$d" "$log" "$sink_url" none
       t0=$(now); start ours "$d/contender.log" "$agent" --config "$d/agent.json" ;;
    "ours deflate"*) write_agent_ship_conf "$d/agent.json" "$d" "$log" "$sink_url" ""
       t0=$(now); start ours "$d/contender.log" "$agent" --config "$d/agent.json" ;;
    syslog-ng) write_syslog_ng_conf "$d/syslog-ng.conf" "$log" "$sink_url"
       t0=$(now); start peer "$d/contender.log" /usr/sbin/syslog-ng -F --no-caps -f "$d/syslog-ng.conf" \
         -R "$d/persist" -p "$d/pid" -c "$d/ctl" ;;
  esac
  spid=$pid
  # wait for "complete", fail on exit or on 30 s without progress
  local last_recv=-1 last_change; last_change=$(date +%s)
  local deadline=$((last_change + 1800))   # a run that trickles on is cut at 30 min
  local cpu="" hwm=""
  while :; do
    if grep -q '^complete' "$sink_out"; then
      cpu=$(cpu_s "$spid"); hwm=$(kb "$spid" VmHWM)
      break
    fi
    if ! kill -0 "$spid" 2>/dev/null; then status=FAILED why="exited: $(tail -3 "$d/contender.log" | tr '\n' ' ')"; break; fi
    local line recv; line=$(tail -n 1 "$sink_out"); recv=$(field received "$line"); recv=${recv:-0}
    if [ "$recv" != "$last_recv" ]; then last_recv=$recv last_change=$(date +%s)
    elif (( $(date +%s) - last_change >= 30 )); then
      cpu=$(cpu_s "$spid"); hwm=$(kb "$spid" VmHWM)
      status=FAILED why="no progress for 30 s"; break
    fi
    if (( $(date +%s) >= deadline )); then
      cpu=$(cpu_s "$spid"); hwm=$(kb "$spid" VmHWM)
      status=FAILED why="not complete after 30 min"; break
    fi
    sleep 0.1
  done
  sleep 1   # late duplicates would show here
  stop "$spid"
  kill -TERM "$sink_pid"; wait "$sink_pid" 2>/dev/null || true
  local s; s=$(grep '^summary' "$sink_out" | tail -1)
  local recv uniq dup miss mal ct scpu
  recv=$(field received "$s") uniq=$(field unique "$s") dup=$(field duplicates "$s") miss=$(field missing "$s")
  mal=$(field malformed "$s") ct=$(field complete_ts "$s") scpu=$(field cpu_s "$s")
  forget "$sink_pid"
  if [ "$status" = ok ] && { [ "$dup" != 0 ] || [ "$miss" != 0 ] || [ "$mal" != 0 ]; }; then
    status=FAILED why="duplicates $dup, missing $miss, malformed $mal"
  fi
  local wall mbs cpumb
  if [ "$status" = ok ]; then
    wall=$(awk -v a="$t0" -v b="$ct" 'BEGIN { printf "%.3f", b - a }')
  else
    wall=$(awk -v a="$t0" 'BEGIN { "date +%s.%N" | getline b; printf "%.3f", b - a }')
  fi
  mbs=$(awk -v b="$bytes" -v w="$wall" 'BEGIN { printf "%.2f", b / 1e6 / w }')
  cpumb=$(awk -v b="$bytes" -v c="$cpu" 'BEGIN { printf "%.2f", c * 1000 / (b / 1e6) }')
  local scpupct; scpupct=$(awk -v c="$scpu" -v w="$wall" 'BEGIN { printf "%.1f", 100 * c / w }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$who" "$round" "$status" "$wall" "$mbs" "$cpumb" \
    "$(mib "${hwm:-0}")" "$recv" "$uniq" "$dup" "$miss" "$scpupct" >> "$out/shipping.tsv"
  echo "   round $round $who: $status ${why:+($why) }wall $wall s, $mbs MB/s, CPU $cpu s ($cpumb ms/MB)," \
       "peak RSS $(mib "${hwm:-0}") MiB, lines $recv unique $uniq dup $dup missing $miss, sink CPU $scpu s ($scpupct %)" >&2
  [ "$status" = ok ] || failed=1
  cp "$d/contender.log" "$out/shipping-$round-${who%% *}-${who##* }.log" 2>/dev/null || true
  rm -rf "$d"
}

# ============================ resident programs: metrics and idle
# write_collectd_conf CONF DIR INTERVAL PLUGIN...
. "$src/bench/collectd-conf.sh"

write_agent_metrics_conf() {
  # $1 conf, $2 dir: linux_system_metrics alone at 1 s, no api_key (nothing uploads)
  cat > "$1" <<EOF
{ agent_log_path: "$2/log", agent_data_path: "$2/data",
  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,
  monitors: [ { module: "linux_system_metrics", sample_interval: 1 } ] }
EOF
  chmod 600 "$1"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# resident_run TSV CONTENDER ROUND SECONDS: starts the contender, waits a
# warm-up, measures over SECONDS, appends a row (and one for the scraper of
# node_exporter) to TSV

resident_run() {
  local tsv=$1 who=$2 round=$3 secs=$4
  local d=$work/res-$round-$RANDOM; mkdir -p "$d/log" "$d/data" "$d/csv" "$d/home"; chmod 700 "$d" "$d/log" "$d/data" "$d/home"
  local spid scr="" port="" status=ok why="" outglob
  case "$who" in
    "ours scalyr-agent (examples/agent.json)")
      start ours "$d/contender.log" env HOME="$d/home" "$agent" --config "$src/examples/agent.json"
      outglob="$d/home/.local/state/scalyr-agent-2/log/*metrics.log" ;;
    "ours scalyr-agent")
      write_agent_metrics_conf "$d/agent.json" "$d"
      start ours "$d/contender.log" "$agent" --config "$d/agent.json"
      outglob="$d/log/linux_system_metrics.log" ;;
    "ours scalyr-run-monitor")
      start ours "$d/contender.log" "$run_monitor" -s 1 linux_system_metrics
      outglob="$d/contender.log" ;;
    "collectd")
      write_collectd_conf "$d/collectd.conf" "$d" 1 cpu memory load disk interface df
      start peer "$d/contender.log" /usr/sbin/collectd -f -C "$d/collectd.conf"
      outglob="$d/csv/*/cpu-0/*" ;;
    "collectd (10 s)")
      write_collectd_conf "$d/collectd.conf" "$d" 10 cpu memory load disk interface df processes
      start peer "$d/contender.log" /usr/sbin/collectd -f -C "$d/collectd.conf"
      outglob="$d/csv/*/cpu-0/*" ;;
    "node_exporter")
      port=$(free_port)
      start peer "$d/contender.log" /usr/bin/prometheus-node-exporter --web.listen-address="127.0.0.1:$port"
      outglob="$d/scraper.log" ;;
  esac
  spid=$pid
  if [ -n "$port" ]; then
    local i; for ((i = 0; i < 50; i++)); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
    start peer "$d/scraper.log" "$scraper" "$port" 1
    scr=$pid
  fi
  sleep "$warmup"
  local c0 v0 sc0 sv0 t0 t1 c1 v1 sc1 sv1 peak_pss=0 p
  kill -0 "$spid" 2>/dev/null || { status=FAILED why="exited at start: $(tail -3 "$d/contender.log" | tr '\n' ' ')"; }
  if [ "$status" = ok ]; then
    t0=$(now); c0=$(cpu_threads_s "$spid"); v0=$(vcsw "$spid")
    [ -z "$scr" ] || { sc0=$(cpu_threads_s "$scr"); sv0=$(vcsw "$scr"); }
    local e=0
    while (( e < secs )); do
      sleep 1; e=$((e + 1))
      kill -0 "$spid" 2>/dev/null || { status=FAILED why="exited after $e s: $(tail -3 "$d/contender.log" | tr '\n' ' ')"; break; }
      if (( e % 10 == 0 )); then read -r p _ < <(pss_uss "$spid"); (( p > peak_pss )) && peak_pss=$p; fi
    done
  fi
  local cpuh="" hwm=0 pss=0 uss=0 wps="" thr=0 shwm=0 spss=0 suss=0
  if [ "$status" = ok ]; then
    t1=$(now); c1=$(cpu_threads_s "$spid"); v1=$(vcsw "$spid"); hwm=$(kb "$spid" VmHWM); thr=$(kb "$spid" Threads)
    read -r pss uss < <(pss_uss "$spid"); (( pss > peak_pss )) && peak_pss=$pss
    cpuh=$(awk -v a="$c0" -v b="$c1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.2f", (b - a) * 3600 / (t1 - t0) }')
    wps=$(awk -v a="$v0" -v b="$v1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
    if [ -n "$scr" ]; then
      sc1=$(cpu_threads_s "$scr"); sv1=$(vcsw "$scr"); shwm=$(kb "$scr" VmHWM); read -r spss suss < <(pss_uss "$scr")
    fi
  fi
  [ -z "$scr" ] || stop "$scr"
  stop "$spid"
  if [ "$status" = ok ] && ! compgen -G "$outglob" >/dev/null; then status=FAILED why="nothing written ($outglob)"; fi
  if [ "$status" = ok ] && [ -n "$scr" ] && ! grep -q '^scrapes=[1-9]' "$d/scraper.log"; then
    status=FAILED why="no scrape answered: $(cat "$d/scraper.log")"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$who" "$round" "$status" "$cpuh" "$(mib "$hwm")" "$(mib "$pss")" \
    "$(mib "$uss")" "$(mib "$peak_pss")" "$wps" "$thr" >> "$tsv"
  echo "   round $round $who: $status ${why:+($why) }CPU $cpuh s/h, peak RSS $(mib "$hwm") MiB, PSS $(mib "$pss")," \
       "USS $(mib "$uss"), wake-ups $wps/s, threads $thr" >&2
  if [ -n "$scr" ] && [ "$status" = ok ]; then
    local scpuh swps
    scpuh=$(awk -v a="$sc0" -v b="$sc1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.2f", (b - a) * 3600 / (t1 - t0) }')
    swps=$(awk -v a="$sv0" -v b="$sv1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.2f", (b - a) / (t1 - t0) }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "node_exporter's scraper (counted apart)" "$round" ok "$scpuh" \
      "$(mib "$shwm")" "$(mib "$spss")" "$(mib "$suss")" "$(mib "$spss")" "$swps" 1 >> "$tsv"
    echo "   round $round scraper: $(cat "$d/scraper.log"), CPU $scpuh s/h, wake-ups $swps/s" >&2
  fi
  [ "$status" = ok ] || failed=1
  cp "$d/contender.log" "$out/$(basename "$tsv" .tsv)-$round-$(tr -c 'a-z0-9_-' _ <<< "$who").log" 2>/dev/null || true
  rm -rf "$d"
}

resident_header() {
  printf 'contender\tround\tstatus\tCPU s/h\tpeak RSS MiB\tPSS MiB\tUSS MiB\tpeak PSS MiB\twake-ups/s\tthreads\n' > "$1"
}

metrics() {
  echo >&2
  echo "== system metrics at 1 s: ${metrics_s} s per run after a ${warmup} s warm-up" >&2
  local tsv=$out/metrics.tsv r
  resident_header "$tsv"
  for ((r = 1; r <= rounds; r++)); do
    resident_run "$tsv" "ours scalyr-agent" "$r" "$metrics_s"
    resident_run "$tsv" "collectd" "$r" "$metrics_s"
    resident_run "$tsv" "ours scalyr-run-monitor" "$r" "$metrics_s"
    resident_run "$tsv" "node_exporter" "$r" "$metrics_s"
  done
  table "$tsv" "System metrics at 1 s, ${metrics_s} s after a ${warmup} s warm-up: linux_system_metrics vs collectd (cpu memory load disk interface df, csv) vs prometheus-node-exporter (default collectors) scraped each second"
}

idle() {
  echo >&2
  echo "== idle: examples/agent.json vs collectd at 10 s, ${idle_s} s per run after a ${warmup} s warm-up" >&2
  local tsv=$out/idle.tsv r
  resident_header "$tsv"
  for ((r = 1; r <= rounds; r++)); do
    resident_run "$tsv" "ours scalyr-agent (examples/agent.json)" "$r" "$idle_s"
    resident_run "$tsv" "collectd (10 s)" "$r" "$idle_s"
  done
  table "$tsv" "Idle, ${idle_s} s after a ${warmup} s warm-up: scalyr-agent on examples/agent.json vs collectd (cpu memory load disk interface df processes, csv) at 10 s"
}

if want shipping; then shipping; fi
if want metrics; then metrics; fi
if want idle; then idle; fi
echo | tee -a "$out/report.md"
echo "raw figures (TSV) and this report: $out" | tee -a "$out/report.md"
[ "$failed" = 0 ] || echo "run-peers.sh: some runs FAILED (see the tables)" >&2
exit $failed
