#!/usr/bin/env bash
# Installed-use test.
# 1. `meson install` into a temporary prefix shaped like /opt/scalyr, then
#    build and run, against the installed files only: an external C monitor
#    module and an external C program against scalyrmon-1 alone, an external
#    program against the daemon library (scalyragent-1), the uploader from C
#    (scalyrmon-upload-1) against a local addEvents server; load the
#    installed typelibs (and Python package) from Python and GJS. Those
#    external programs get LD_LIBRARY_PATH and GI_TYPELIB_PATH; the installed
#    tools get no environment at all (env -i): scalyr-run-monitor and
#    scalyr-agent run C, Python and JavaScript monitors by themselves.
# 2. As root, the default prefix: `meson install` into the real /usr/local,
#    the installed agent with C, Python and JavaScript monitors and no
#    environment, then uninstall (meson's uninstall, ldconfig), and nothing
#    of ours is left under /usr/local (cleaned up on failure too). Skipped,
#    and said so, when not root.
#   tests/installed/test-installed.sh SOURCE_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
work=$(mktemp -d)
local_build=$work/build-usr-local
agent_pids=()
cleanup() {
  local p
  for p in "${agent_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  # the /usr/local install, if the test stopped before uninstalling it
  if [ -f "$local_build/meson-logs/install-log.txt" ] && [ ! -f "$work/usr-local-uninstalled" ]; then
    ninja -C "$local_build" uninstall >/dev/null 2>&1 || true
    clean_usr_local_leftovers || true
    ldconfig || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
prefix=$work/opt/scalyr

# a run with no environment (no LD_LIBRARY_PATH, GI_TYPELIB_PATH, PYTHONPATH,
# SCALYR_*), as an operator's shell or a unit would start the tools
mkdir -p "$work/home"
# (an array, not a function: `bare ... &` must give the program's own pid)
bare=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$work/home")

# where_py.py and where_js.js: monitors that report the typelib GI loaded
# (and for Python, the scalyr_agent package imported), to check that an
# installed tool uses its own prefix's files
mkdir -p "$work/where"
cat > "$work/where/where_py.py" <<'PY'
import gi
gi.require_version("GIRepository", "2.0")
from gi.repository import GIRepository
import scalyr_agent
from scalyr_agent import ScalyrMonitor

class WherePy(ScalyrMonitor):
    def gather_sample(self):
        typelib = GIRepository.Repository.get_default().get_typelib_path("Scalyr")
        self._logger.emit_value("where", 1, extra_fields={"typelib": typelib, "package": scalyr_agent.__file__})
PY
cat > "$work/where/where_js.js" <<'JS'
const {GObject, GIRepository, Scalyr} = imports.gi;
var WhereJs = GObject.registerClass(
class WhereJs extends Scalyr.Monitor {
    vfunc_initialize() { return true; }
    vfunc_gather_sample() {
        const fields = Scalyr.ExtraFields.new();
        fields.set_string('typelib', GIRepository.Repository.get_default().get_typelib_path('Scalyr'));
        this.get_logger().emit_double('where', 1, fields);
        return true;
    }
});
JS

# run_three PREFIX DIR TYPELIB PYDIR: the installed agent of PREFIX, with
# no environment, runs C, Python and JavaScript monitors (the builtin
# test_monitor, the examples and the where_* monitors above); each writes
# metric lines, the Python and JavaScript ones loaded the TYPELIB file, the
# Python ones the scalyr_agent package in PYDIR
run_three() {
  local pfx=$1 dir=$2 typelib=$3 pydir=$4 pid
  mkdir -p "$dir"
  cat > "$dir/agent.json" <<JSON
{ agent_log_path: "$dir/log", agent_data_path: "$dir/data",
  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,
  additional_monitor_module_paths: "$work/where:$src/examples/python:$src/examples/js",
  monitors: [ { module: "test_monitor", gauss_mean: 1, sample_interval: 0.3 },
              { module: "random_coin_monitor", sample_interval: 0.3 },
              { module: "random_coin", sample_interval: 0.3 },
              { module: "where_py", sample_interval: 0.3 },
              { module: "where_js", sample_interval: 0.3 } ] }
JSON
  chmod 600 "$dir/agent.json"
  "${bare[@]}" "$pfx/bin/scalyr-agent" --config "$dir/agent.json" >"$dir/agent.err" 2>&1 &
  pid=$!
  agent_pids+=("$pid")
  local logs=(test_monitor random_coin_monitor random_coin where_py where_js) m ok
  for _ in $(seq 150); do
    ok=1
    for m in "${logs[@]}"; do grep -qs "\[$m()\] " "$dir/log/$m.log" || ok=0; done
    [ $ok = 1 ] && break
    sleep 0.1
  done
  local status
  status=$("${bare[@]}" "$pfx/bin/scalyr-agent" --config "$dir/agent.json" status 2>&1 || true)
  kill -TERM $pid 2>/dev/null || true; wait $pid || true
  for m in "${logs[@]}"; do
    grep -qs "\[$m()\] " "$dir/log/$m.log" || {
      echo "FAIL: the agent installed in $pfx, with no environment, wrote no metric line for $m"
      echo "$status"; cat "$dir/agent.err"; ls -l "$dir/log" || true
      cat "$dir/log/agent.log" 2>/dev/null | tail -20; exit 1; }
  done
  for m in where_py where_js; do
    grep -qF "typelib=\"$typelib\"" "$dir/log/$m.log" || {
      echo "FAIL: the $m monitor of the agent in $pfx did not load $typelib:"; tail -1 "$dir/log/$m.log"; exit 1; }
  done
  grep -qF "package=\"$pydir/scalyr_agent/__init__.py\"" "$dir/log/where_py.log" || {
    echo "FAIL: the Python monitor of the agent in $pfx imported another scalyr_agent (expected $pydir):"; tail -1 "$dir/log/where_py.log"; exit 1; }
  echo "ok: the agent installed in $pfx runs C, Python and JavaScript monitors with no environment, on its own typelib and package"
}

meson setup "$work/build" "$src" --prefix="$prefix" -Dtests=false -Dbuildtype=plain >/dev/null
meson compile -C "$work/build" >/dev/null
meson install -C "$work/build" >/dev/null

libdir=$(find "$prefix" -name 'libscalyrmon-1.so.0' -printf '%h\n' | head -1)
for lib in libscalyragent-1.so.0 libscalyrmon-upload-1.so.0; do
  [ -e "$libdir/$lib" ] || { echo "FAIL: $lib not installed beside libscalyrmon-1"; exit 1; }
done
pcdir=$(find "$prefix" -name 'scalyrmon-1.pc' -printf '%h\n' | head -1)
typelibdir=$(find "$prefix" -name 'Scalyr-1.0.typelib' -printf '%h\n' | head -1)
for t in ScalyrAgent-1.0 ScalyrUpload-1.0; do
  [ -e "$typelibdir/$t.typelib" ] || { echo "FAIL: $t.typelib not installed beside Scalyr-1.0"; exit 1; }
done
pydir=$(find "$prefix" -type d -name scalyr_agent -printf '%h\n' | head -1)
for v in libdir pcdir typelibdir pydir; do
  [ -n "${!v}" ] || { echo "FAIL: nothing installed for $v"; exit 1; }
done
export LD_LIBRARY_PATH=$libdir GI_TYPELIB_PATH=$typelibdir

# an external C program, with the flags pkg-config gives
cc -o "$work/hello" "$src/tests/installed/hello-monitor.c" \
  $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs scalyrmon-1)
out=$("$work/hello")
grep -Eq '^[0-9-]+ [0-9:.]+Z \[test_monitor\(\)\] uniform [0-9.e-]+ count=1$' <<<"$out" \
  || { echo "FAIL: external C program printed: $out"; exit 1; }
echo "ok: external C program against the installed scalyrmon-1.pc"
# it needs neither the daemon nor the upload library
if grep -Eq 'scalyragent|upload' <<<"$(PKG_CONFIG_PATH=$pcdir pkg-config --libs scalyrmon-1)"; then
  echo "FAIL: scalyrmon-1 pulls in the daemon or upload library"; exit 1
fi
if grep -Eq 'scalyragent|scalyrmon-upload' <<<"$(ldd "$work/hello")"; then
  echo "FAIL: a monitor program maps the daemon or upload library:"; ldd "$work/hello"; exit 1
fi

# an external C monitor module (the guide's random coin) against scalyrmon-1
# alone, run by the installed scalyr-run-monitor
mkdir -p "$work/mymonitors"
cc -shared -fPIC -o "$work/mymonitors/random_coin.so" "$src/examples/c/random-coin/random-coin.c" \
  $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs scalyrmon-1)
out=$("${bare[@]}" timeout -s INT 1.5 "$prefix/bin/scalyr-run-monitor" -p "$work/mymonitors" -s 0.2 \
        -c '{ gauss_mean: 1 }' random_coin 2>&1 || true)
grep -q '\[random_coin()\] gauss ' <<<"$out" \
  || { echo "FAIL: an external C monitor module printed: $out"; exit 1; }
echo "ok: external C monitor module against scalyrmon-1 alone"

# the builtin monitors are modules in the installed builtin directory
for m in linux_system_metrics linux_process_metrics test_monitor; do
  [ -n "$(find "$prefix" -path '*/scalyr-agent-2/monitors/'"$m.so")" ] \
    || { echo "FAIL: builtin monitor module $m.so not installed"; exit 1; }
done
# (output captured first: with pipefail, `cmd | grep -q` fails when grep
# exits before cmd has written everything and cmd dies of SIGPIPE)
inspect=$("${bare[@]}" "$prefix/bin/scalyr-run-monitor" --inspect linux_system_metrics)
grep -q "/scalyr-agent-2/monitors/linux_system_metrics.so" <<<"$inspect" \
  || { echo "FAIL: the installed linux_system_metrics is not the installed module"; exit 1; }
echo "ok: builtin monitors installed as modules and found by search"

# an external program against the daemon library
cc -o "$work/hello-agent" "$src/tests/installed/hello-agent.c" \
  $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs scalyragent-1)
mkdir -p "$work/ha"
cat > "$work/ha/agent.json" <<JSON
{ agent_log_path: "$work/ha/log", agent_data_path: "$work/ha/data",
  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,
  monitors: [ { module: "test_monitor", gauss_mean: 2, sample_interval: 0.2 } ] }
JSON
out=$("$work/hello-agent" "$work/ha/agent.json" 2>&1)
grep -q 'test_monitor()' <<<"$out" || { echo "FAIL: external agent program printed: $out"; exit 1; }
grep -q '\[test_monitor()\] uniform ' "$work/ha/log/test_monitor.log" \
  || { echo "FAIL: external agent program wrote no metric lines"; exit 1; }
echo "ok: external program against the installed scalyragent-1.pc"

# the uploader from C against a local addEvents server (the tests' mock)
seq 1 500 | sed 's/^/installed upload line /' > "$work/upload.log"
mkdir -p "$work/upload-data"
cc -o "$work/hello-upload" "$src/tests/installed/hello-upload.c" \
  $(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs scalyrmon-upload-1)
coproc MOCK { exec "$work/build/bench/mock-addevents-server" installed-key --validate 2>"$work/mock.err"; }
read -r -t 10 url <&"${MOCK[0]}" || { echo "FAIL: the mock addEvents server did not start"; exit 1; }
sent=$(timeout 30 "$work/hello-upload" "$url" installed-key "$work/upload-data" "$work/upload.log" 500)
kill -TERM "$MOCK_PID"; wait "$MOCK_PID" || true
[ "$sent" = 500 ] || { echo "FAIL: the uploader from C sent $sent of 500 events"; exit 1; }
grep -q ' 500 events' "$work/mock.err" || { echo "FAIL: the server received: $(cat "$work/mock.err")"; exit 1; }
echo "ok: the uploader from C (scalyrmon-upload-1) delivered 500 of 500 lines"

# the uploader from Python and GJS through the installed ScalyrUpload typelib
upload_with() {  # upload_with LANGUAGE COMMAND...: the same 500 lines, a fresh checkpoint directory
  local lang=$1; shift
  rm -rf "$work/upload-data"; mkdir -p "$work/upload-data"
  coproc MOCK { exec "$work/build/bench/mock-addevents-server" installed-key --validate 2>"$work/mock.err"; }
  read -r -t 10 url <&"${MOCK[0]}" || { echo "FAIL: the mock addEvents server did not start"; exit 1; }
  sent=$(URL=$url LOG=$work/upload.log DATA=$work/upload-data timeout 30 "$@")
  kill -TERM "$MOCK_PID"; wait "$MOCK_PID" || true
  [ "$sent" = 500 ] || { echo "FAIL: the uploader from $lang sent '$sent' of 500 events"; exit 1; }
  grep -q ' 500 events' "$work/mock.err" || { echo "FAIL: from $lang the server received: $(cat "$work/mock.err")"; exit 1; }
  echo "ok: the uploader from $lang (installed ScalyrUpload-1.0 typelib) delivered 500 of 500 lines"
}
upload_with Python /usr/bin/python3 -c '
import os, gi
gi.require_version("ScalyrUpload", "1.0")
from gi.repository import GLib, ScalyrUpload
up = ScalyrUpload.Uploader.new(os.environ["URL"], "installed-key", os.environ["DATA"])
up.add_log(os.environ["LOG"], None, None, True)
up.start()
sent = lambda: up.get_status().get_object().get_int_member("events_sent")
deadline = GLib.get_monotonic_time() + 20 * 1000000
while sent() < 500 and GLib.get_monotonic_time() < deadline:
    GLib.MainContext.default().iteration(True)
print(sent())
up.stop()'
if command -v gjs >/dev/null; then
  upload_with GJS gjs -c '
    const {GLib, ScalyrUpload} = imports.gi;
    const env = k => GLib.getenv(k);
    const up = ScalyrUpload.Uploader.new(env("URL"), "installed-key", env("DATA"));
    up.add_log(env("LOG"), null, null, true);
    up.start();
    const sent = () => up.get_status().get_object().get_int_member("events_sent");
    const deadline = GLib.get_monotonic_time() + 20 * 1000000;
    while (sent() < 500 && GLib.get_monotonic_time() < deadline)
      GLib.MainContext.default().iteration(true);
    print(sent());
    up.stop();'
fi

# the installed typelib and compatibility package from Python
PYTHONPATH=$pydir /usr/bin/python3 - <<'PY'
import gi
gi.require_version("Scalyr", "1.0")
from gi.repository import Scalyr
import scalyr_agent, os
assert scalyr_agent.__file__.startswith(os.environ["PYTHONPATH"]), scalyr_agent.__file__
c = Scalyr.MonitorConfig.new_from_string("{ a: 5 }", None)
assert c.get_int("a", Scalyr.ConfigFlags.NONE, 0, 0, 10) == 5
print("ok: installed typelib and scalyr_agent package from Python")
PY

# the installed typelib from GJS
if command -v gjs >/dev/null; then
  gjs -c '
    const {Scalyr} = imports.gi;
    const c = Scalyr.MonitorConfig.new_from_string("{ a: 5 }", null);
    if (c.get_int("a", Scalyr.ConfigFlags.NONE, 0, 0, 10) !== 5) imports.system.exit(1);
    print("ok: installed typelib from GJS");'
fi

# the loaders are installed where the library looks for them
[ -n "$(find "$prefix" -name 'libscalyr-python-loader.so')" ] || { echo "FAIL: Python loader not installed"; exit 1; }
echo "ok: loaders installed"

# the installed scalyr-run-monitor finds the Python and GJS loaders, the
# installed typelib and Python package by itself (no environment)
unset PYTHONPATH
out=$("${bare[@]}" timeout -s INT 1.5 "$prefix/bin/scalyr-run-monitor" -p "$src/examples/python" -s 0.2 \
        -c '{ gauss_mean: 1 }' random_coin_monitor 2>&1 || true)
grep -q '\[random_coin_monitor()\] gauss ' <<<"$out" \
  || { echo "FAIL: installed scalyr-run-monitor on the Python example printed: $out"; exit 1; }
out=$("${bare[@]}" timeout -s INT 1.5 "$prefix/bin/scalyr-run-monitor" -p "$src/examples/js" -s 0.2 random_coin 2>&1 || true)
grep -q '\[random_coin()\] gauss ' <<<"$out" \
  || { echo "FAIL: installed scalyr-run-monitor on the JavaScript example printed: $out"; exit 1; }
echo "ok: installed scalyr-run-monitor runs Python and JavaScript monitors with no environment"

# the installed agent with C, Python and JavaScript monitors at once
run_three "$prefix" "$work/three" "$typelibdir/Scalyr-1.0.typelib" "$pydir"

# the default configuration file is in the prefix's sysconfdir: in the
# agent, the installed header's SCALYR_AGENT_CONFIG_DEFAULT_PATH and the unit
conf=$prefix/etc/scalyr-agent-2/agent.json
# (not by running the agent without --config: that reads the installed
# default configuration, which writes under /var/log/scalyr-agent-2)
out=$("${bare[@]}" "$prefix/bin/scalyr-agent" --help 2>&1 || true)
grep -qF "(default $conf)" <<<"$out" || { echo "FAIL: the agent's --config default is not $conf: $out"; exit 1; }
cmp -s "$src/data/agent.json" "$conf" || { echo "FAIL: the default configuration is not installed as $conf"; exit 1; }
grep -qF "#define SCALYR_AGENT_CONFIG_DEFAULT_PATH \"$conf\"" "$prefix/include/scalyragent-1/scalyr-agent-paths.h" \
  || { echo "FAIL: the installed scalyr-agent-paths.h does not define SCALYR_AGENT_CONFIG_DEFAULT_PATH as $conf"; exit 1; }
unit=$(find "$prefix" -name scalyr-agent.service)
grep -qF -- "--config $conf" "$unit" || { echo "FAIL: the installed unit does not read $conf:"; cat "$unit"; exit 1; }
echo "ok: the default configuration file follows the prefix: $conf"

# the installed agent with an api_key: it finds the installed upload service
# module by itself (no SCALYR_LOADER_PATH) and reports the upload state
unset SCALYR_LOADER_PATH
mkdir -p "$work/agent"
cat > "$work/agent/agent.json" <<JSON
{ api_key: "installed-test-key", scalyr_server: "http://127.0.0.1:9", allow_http: true,
  agent_log_path: "$work/agent/log", agent_data_path: "$work/agent/data",
  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,
  monitors: [ { module: "scalyr_agent.builtin_monitors.test_monitor", sample_interval: 1 } ] }
JSON
chmod 600 "$work/agent/agent.json"
"${bare[@]}" "$prefix/bin/scalyr-agent" --config "$work/agent/agent.json" >/dev/null 2>&1 &
agent_pid=$!
agent_pids+=("$agent_pid")
for _ in $(seq 50); do [ -f "$work/agent/data/agent-status.json" ] && break; sleep 0.1; done
sleep 1.5
status=$("${bare[@]}" "$prefix/bin/scalyr-agent" --config "$work/agent/agent.json" status || true)
kill -TERM $agent_pid; wait $agent_pid
grep -q '^Uploads:         to http://127.0.0.1:9$' <<<"$status" \
  || { echo "FAIL: the installed agent does not upload:"; echo "$status"; exit 1; }
grep -q 'NOT RUNNING' <<<"$status" && { echo "FAIL: $status"; exit 1; }
echo "ok: installed scalyr-agent loads its upload service"

# 2. The default prefix, /usr/local, for real: as root only
if [ "$(id -u)" != 0 ]; then
  echo "skipped: meson install into the default prefix /usr/local (needs root; CI runs as root)"
  exit 0
fi
meson setup "$local_build" "$src" -Dtests=false -Dbuildtype=plain >/dev/null
meson compile -C "$local_build" >/dev/null
# what the install will write: the files, and the directories it creates
meson introspect "$local_build" --installed \
  | /usr/bin/python3 -c 'import json, sys; print("\n".join(sorted(set(json.load(sys.stdin).values()))))' \
  > "$work/usr-local-files"
grep -qx /usr/local/bin/scalyr-agent "$work/usr-local-files" \
  || { echo "FAIL: the default prefix does not install /usr/local/bin/scalyr-agent:"; cat "$work/usr-local-files"; exit 1; }
: > "$work/usr-local-new-dirs"
while read -r f; do
  [ -e "$f" ] && { echo "FAIL: $f exists before the test installs it (an earlier install into /usr/local?): not touching it" >&2; exit 1; }
  d=$(dirname "$f")
  while [ ! -d "$d" ]; do echo "$d"; d=$(dirname "$d"); done
done < "$work/usr-local-files" | sort -u -r > "$work/usr-local-new-dirs"
# (for the trap: what the uninstall may have left)
clean_usr_local_leftovers() {
  while read -r f; do rm -rf "$f"; done < "$work/usr-local-files"
  while read -r d; do rmdir "$d" 2>/dev/null || true; done < "$work/usr-local-new-dirs"
}

meson install -C "$local_build" >/dev/null
ldconfig
# the libraries: through the system's cache (Debian's ld.so.conf lists
# /usr/local/lib/<triplet>) as through the tools' runpath
lib_local=$(grep '/libscalyrmon-1.so.0$' "$work/usr-local-files")
cache=$(ldconfig -p)
grep -qF "=> $lib_local" <<<"$cache" || { echo "FAIL: ldconfig does not list $lib_local"; exit 1; }
deps=$("${bare[@]}" ldd /usr/local/bin/scalyr-agent)
mapped=$(sed -n 's/^\s*libscalyrmon-1\.so\.0 => \(.*\) (0x[0-9a-f]*)$/\1/p' <<<"$deps")
[ -n "$mapped" ] && [ "$(realpath "$mapped")" = "$(realpath "$lib_local")" ] \
  || { echo "FAIL: the installed scalyr-agent does not map $lib_local:"; echo "$deps"; exit 1; }
# Debian's python3 finds the installed package (and through it the typelib)
typelib_local=$(grep '/girepository-1.0/Scalyr-1.0.typelib$' "$work/usr-local-files")
pydir_local=$(dirname "$(grep '/scalyr_agent$' "$work/usr-local-files")")
out=$("${bare[@]}" /usr/bin/python3 -c '
import scalyr_agent, gi
from gi.repository import GIRepository
print(scalyr_agent.__file__, GIRepository.Repository.get_default().get_typelib_path("Scalyr"))' 2>&1) \
  || { echo "FAIL: Debian's python3 cannot import the package installed in /usr/local: $out"; exit 1; }
[ "$out" = "$pydir_local/scalyr_agent/__init__.py $typelib_local" ] \
  || { echo "FAIL: Debian's python3 imported '$out', not $pydir_local/scalyr_agent and $typelib_local"; exit 1; }
echo "ok: Debian's python3 imports scalyr_agent and the Scalyr typelib installed in /usr/local, with no environment"
run_three /usr/local "$work/three-usr-local" "$typelib_local" "$pydir_local"

ninja -C "$local_build" uninstall >"$work/uninstall.log" 2>&1 \
  || { echo "FAIL: uninstalling from /usr/local failed:"; cat "$work/uninstall.log"; exit 1; }
touch "$work/usr-local-uninstalled"
ldconfig
left=$(cat "$work/usr-local-files" "$work/usr-local-new-dirs" | while read -r f; do [ -e "$f" ] && echo "$f"; done || true)
if [ -n "$left" ]; then
  echo "FAIL: uninstalling left files of ours under /usr/local:"; echo "$left"
  rm -f "$work/usr-local-uninstalled"; exit 1
fi
cache=$(ldconfig -p)
if grep -q '/usr/local/.*libscalyr' <<<"$cache"; then
  echo "FAIL: the linker cache still lists our libraries in /usr/local after uninstalling:"
  grep '/usr/local/.*libscalyr' <<<"$cache"; exit 1
fi
echo "ok: meson install into /usr/local, the agent with C, Python and JavaScript monitors, uninstalled: nothing left"
