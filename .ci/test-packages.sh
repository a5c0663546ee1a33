#!/usr/bin/env bash
# .ci/test-packages.sh: the Debian packages, end to end, as root on a
# Debian 12 machine without systemd as PID 1.
#  1. builds them (dpkg-buildpackage -b, nocheck: the suites ran already)
#     in a temporary copy of the tree, and lists them with their sizes;
#  2. lintian on the .changes: fails on any error or warning;
#  3. installs them with apt (local .debs: no download when the build
#     dependencies are there) and checks the scalyr user, the conffile's
#     owner and mode and the directories;
#  4. runs the installed agent as the scalyr user with the installed
#     default configuration, with an empty environment: the metric logs
#     must appear under /var/log/scalyr-agent-2, `status` must say it
#     runs, and neither libpython nor GJS may be loaded (no monitor of
#     theirs is configured); the Python and JavaScript example monitors
#     run from the installed scalyr-run-monitor; SIGTERM stops the agent;
#  5. purges them all and checks that nothing is left: no package, no new
#     path under /etc /usr /var/lib /var/log /opt, no path removed.
# Cleans up (agent stopped, packages purged, copy removed) even when a
# check fails. Exit status 0 when every check passed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/test-packages.XXXXXX)
conf=/etc/scalyr-agent-2/agent.json
logdir=/var/log/scalyr-agent-2
agent_pid=
run_pid=
started=$SECONDS

packages=(libscalyrmon-1-0 libscalyrmon-1-dev gir1.2-scalyr-1.0
  libscalyragent-1-0 libscalyragent-1-dev gir1.2-scalyragent-1.0
  libscalyrmon-upload-1-0 libscalyrmon-upload-1-dev gir1.2-scalyrupload-1.0
  python3-scalyr-agent scalyr-agent-python scalyr-agent-gjs scalyr-agent)

say() { printf '=== [%3ds] %s\n' $((SECONDS - started)) "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

installed() {  # the packages of ours dpkg knows in any state but not-installed
  dpkg-query -W -f '${db:Status-Abbrev} ${Package}\n' "${packages[@]}" 2>/dev/null \
    | awk '$1 != "un" && $1 != "pn" { print $2 }' || true
}

# stop_agent PID: SIGTERM, then SIGKILL after 10 s, if PID is the installed agent
stop_agent() {
  local pid=$1
  [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/bin/scalyr-agent ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT
  stop_agent "$agent_pid"
  # and an agent started by anything else from the installed package (its
  # pid file): it would go on writing into the directories after the purge
  if [ -r "$logdir/agent.pid" ]; then stop_agent "$(cat "$logdir/agent.pid")"; fi
  if [ -n "$run_pid" ]; then kill -KILL "$run_pid" 2>/dev/null || true; fi
  local left
  left=$(installed)
  if [ -n "$left" ]; then
    # shellcheck disable=SC2086
    echo "cleanup: purging" $left
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q $left >/dev/null 2>&1 || dpkg --purge $left || true
  fi
  rm -rf "$work"
  say "done (exit $rc)"
  exit $rc
}
trap cleanup EXIT

# every path under the directories packages touch; dpkg's and apt's own
# databases and caches change with any install and are left out
snapshot() {
  find /etc /usr /var/lib /var/log /opt -xdev \
    \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache -o -path /var/log/journal \) -prune \
    -o -print 2>/dev/null | LC_ALL=C sort
}

# ---- 1. build -------------------------------------------------------------
say "copying the tree to $work/src"
mkdir "$work/src"
tar -C "$top" --exclude=./.git --exclude='./build*' --exclude='./obj-*' --exclude='./_build' -cf - . \
  | tar -C "$work/src" -xf -
[ -z "$(installed)" ] || fail "packages of ours are installed before the test: $(installed)"
# the purge removes these: files of an earlier agent there would be taken
# for this one's and lost
for d in /var/lib/scalyr-agent-2 /var/log/scalyr-agent-2 /etc/scalyr-agent-2; do
  [ ! -e "$d" ] || fail "$d exists before the packages are installed (left by another agent run?); move it away first"
done

say "dpkg-buildpackage -us -uc -b (nocheck, no debug symbol packages)"
if ! (cd "$work/src" && DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=$(nproc)" DEB_BUILD_PROFILES=nocheck \
      dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1); then
  tail -n 60 "$work/build.log"
  fail "dpkg-buildpackage failed (the last lines of its log are above)"
fi
changes=$(ls "$work"/*.changes)
debs=()
for p in "${packages[@]}"; do
  f=$(ls "$work/${p}"_*.deb 2>/dev/null) || fail "the build made no package $p"
  debs+=("$f")
done

say "packages (size of the .deb, Installed-Size)"
printf '%-26s %-6s %10s %14s\n' package arch 'deb bytes' 'installed KiB'
for f in "$work"/*.deb; do
  printf '%-26s %-6s %10s %14s\n' "$(dpkg-deb -f "$f" Package)" "$(dpkg-deb -f "$f" Architecture)" \
    "$(stat -c %s "$f")" "$(dpkg-deb -f "$f" Installed-Size)"
done

# ---- 2. lintian -----------------------------------------------------------
say "lintian --fail-on error,warning $(basename "$changes")"
lintian_rc=0
lintian --fail-on error,warning "$changes" >"$work/lintian.txt" 2>&1 || lintian_rc=$?
grep -v 'running with root privileges is not recommended' "$work/lintian.txt" || echo "(lintian: no tags)"
[ "$lintian_rc" -eq 0 ] || fail "lintian reported errors or warnings (exit $lintian_rc)"

# ---- 3. install -----------------------------------------------------------
say "snapshot of /etc /usr /var/lib /var/log /opt before install"
snapshot >"$work/before.txt"

say "apt-get install the ${#debs[@]} packages"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${debs[@]}" >"$work/install.log" 2>&1 \
  || { tail -n 30 "$work/install.log"; fail "apt-get install of the packages failed"; }

id -nG scalyr | tr ' ' '\n' | grep -qx adm || fail "user scalyr is missing or not in group adm: $(id scalyr 2>&1)"
[ "$(getent passwd scalyr | cut -d: -f6,7)" = /var/lib/scalyr-agent-2:/usr/sbin/nologin ] \
  || fail "user scalyr: home or shell is not /var/lib/scalyr-agent-2, /usr/sbin/nologin: $(getent passwd scalyr)"
[ "$(stat -c '%U:%G %a' "$conf")" = "root:scalyr 640" ] \
  || fail "$conf is $(stat -c '%U:%G %a' "$conf"), not root:scalyr 640"
for d in /var/lib/scalyr-agent-2 "$logdir"; do
  [ "$(stat -c '%U:%G %a' "$d")" = "scalyr:scalyr 750" ] || fail "$d is $(stat -c '%U:%G %a' "$d"), not scalyr:scalyr 750"
done
dpkg-query -W -f '${Conffiles}\n' scalyr-agent | grep -q " $conf " || fail "$conf is not a conffile of scalyr-agent"
[ -f /lib/systemd/system/scalyr-agent.service ] || fail "no /lib/systemd/system/scalyr-agent.service"

as_scalyr() { setpriv --reuid=scalyr --regid=scalyr --init-groups env -i "$@"; }

say "scalyr-agent --check-config on the installed default configuration"
as_scalyr /usr/bin/scalyr-agent --config "$conf" --check-config || fail "the default configuration does not check"

# ---- 4. run ---------------------------------------------------------------
if pgrep -u scalyr -x scalyr-agent >/dev/null; then
  fail "an agent of user scalyr already runs (pid $(pgrep -u scalyr -x scalyr-agent | tr '\n' ' '))"
fi
say "starting /usr/bin/scalyr-agent as scalyr (no systemd, empty environment)"
# (not through as_scalyr: a function in the background is a subshell,
# and $! must be the agent itself)
setpriv --reuid=scalyr --regid=scalyr --init-groups env -i /usr/bin/scalyr-agent --config "$conf" \
  >"$work/agent.out" 2>&1 &
agent_pid=$!

# the first samples come within one sample interval (30 s, jittered)
for m in linux_system_metrics linux_process_metrics; do
  for _ in $(seq 1 90); do
    [ -s "$logdir/$m.log" ] && break
    kill -0 "$agent_pid" 2>/dev/null || { cat "$work/agent.out"; fail "the agent exited before $m.log had a line"; }
    sleep 1
  done
  [ -s "$logdir/$m.log" ] || { ls -la "$logdir"; fail "no metric line in $logdir/$m.log after 90 s"; }
  echo "$m.log: $(wc -l <"$logdir/$m.log") lines, e.g. $(head -n 1 "$logdir/$m.log" | cut -c1-120)"
done
[ "$(cat "$logdir/agent.pid" 2>/dev/null)" = "$agent_pid" ] \
  || { cat "$work/agent.out"; fail "agent.pid holds '$(cat "$logdir/agent.pid" 2>/dev/null)', not $agent_pid"; }

say "scalyr-agent status"
status_rc=0
as_scalyr /usr/bin/scalyr-agent --config "$conf" status >"$work/status.txt" 2>&1 || status_rc=$?
cat "$work/status.txt"
[ "$status_rc" -eq 0 ] || fail "status exited $status_rc while the agent runs"
grep -q "running, pid $agent_pid" "$work/status.txt" || fail "status does not report the agent running with pid $agent_pid"

if grep -E 'libpython|libgjs|libmozjs' "/proc/$agent_pid/maps" >/dev/null; then
  fail "the agent loaded libpython or GJS without any Python or JavaScript monitor configured"
fi

say "Python and JavaScript example monitors from the installed scalyr-run-monitor (empty environment)"
mkdir "$work/monitors"
cp "$top/examples/python/random_coin_monitor.py" "$top/examples/js/random_coin.js" "$work/monitors/"
for m in random_coin_monitor random_coin; do
  env -i /usr/bin/scalyr-run-monitor -p "$work/monitors" -s 0.2 "$m" >"$work/$m.out" 2>&1 &
  run_pid=$!
  for _ in $(seq 1 100); do
    grep -q "\[$m()\] uniform" "$work/$m.out" && break
    kill -0 "$run_pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -INT "$run_pid" 2>/dev/null || true
  wait "$run_pid" || true
  run_pid=
  grep -q "\[$m()\] uniform" "$work/$m.out" || { cat "$work/$m.out"; fail "$m wrote no metric line within 20 s"; }
  echo "$m: $(grep -c "\[$m()\]" "$work/$m.out") lines, e.g. $(head -n 1 "$work/$m.out")"
done

say "SIGTERM"
kill -TERM "$agent_pid"
agent_rc=0
wait "$agent_pid" || agent_rc=$?
agent_pid=
[ "$agent_rc" -eq 0 ] || { cat "$work/agent.out"; fail "the agent exited $agent_rc on SIGTERM"; }

# ---- 5. purge -------------------------------------------------------------
say "apt-get purge"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${packages[@]}" >"$work/purge.log" 2>&1 \
  || { tail -n 30 "$work/purge.log"; fail "apt-get purge failed"; }
[ -z "$(installed)" ] || fail "still known to dpkg after purge: $(installed)"
snapshot >"$work/after.txt"
# Not ours: apt's and dpkg's logs, the account databases' backups (the
# scalyr user and group stay on purge, on purpose), and Python bytecode
# other packages' modules leave when they are imported.
LC_ALL=C comm -3 "$work/before.txt" "$work/after.txt" \
  | grep -Ev '^\s*/var/log/(apt/|dpkg\.log|alternatives\.log)|^\s*/etc/(passwd|group|shadow|gshadow|subuid|subgid)-$|/__pycache__(/|$)' \
  >"$work/left.txt" || true
# (and anything of ours, even where the line above looks away)
LC_ALL=C comm -13 "$work/before.txt" "$work/after.txt" | grep -i scalyr | sed 's/^/\t/' >>"$work/left.txt" || true
if [ -s "$work/left.txt" ]; then
  echo "paths removed (no indent) or added (indented) by install + purge:"
  sort -u "$work/left.txt"
  fail "the purge left the system different"
fi
echo "nothing left behind (the scalyr user and group stay: $(getent passwd scalyr))"
