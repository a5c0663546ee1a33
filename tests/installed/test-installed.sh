#!/usr/bin/env bash
# Installed-use test: `meson install` into a temporary prefix, then build
# and run, against the installed files only: an external C monitor module
# and an external C program against scalyrmon-1 alone, an external program
# against the daemon library (scalyragent-1), the uploader from C
# (scalyrmon-upload-1) against a local addEvents server; and load the
# installed typelibs (and Python package) from Python and GJS.
#   tests/installed/test-installed.sh SOURCE_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

meson setup "$work/build" "$src" --prefix="$prefix" -Dtests=false >/dev/null
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
out=$(timeout -s INT 1.5 "$prefix/bin/scalyr-run-monitor" -p "$work/mymonitors" -s 0.2 \
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
inspect=$("$prefix/bin/scalyr-run-monitor" --inspect linux_system_metrics)
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

# the installed scalyr-run-monitor finds the Python loader and package by itself
unset PYTHONPATH
out=$(timeout -s INT 1.5 "$prefix/bin/scalyr-run-monitor" -p "$src/examples/python" -s 0.2 \
        -c '{ gauss_mean: 1 }' random_coin_monitor 2>&1 || true)
grep -q '\[random_coin_monitor()\] gauss ' <<<"$out" \
  || { echo "FAIL: installed scalyr-run-monitor on the Python example printed: $out"; exit 1; }
out=$(timeout -s INT 1.5 "$prefix/bin/scalyr-run-monitor" -p "$src/examples/js" -s 0.2 random_coin 2>&1 || true)
grep -q '\[random_coin()\] gauss ' <<<"$out" \
  || { echo "FAIL: installed scalyr-run-monitor on the JavaScript example printed: $out"; exit 1; }
echo "ok: installed scalyr-run-monitor runs Python and JavaScript monitors"

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
"$prefix/bin/scalyr-agent" --config "$work/agent/agent.json" 2>/dev/null &
agent_pid=$!
for _ in $(seq 50); do [ -f "$work/agent/data/agent-status.json" ] && break; sleep 0.1; done
sleep 1.5
status=$("$prefix/bin/scalyr-agent" --config "$work/agent/agent.json" status)
kill -TERM $agent_pid; wait $agent_pid
grep -q '^Uploads:         to http://127.0.0.1:9$' <<<"$status" \
  || { echo "FAIL: the installed agent does not upload:"; echo "$status"; exit 1; }
grep -q 'NOT RUNNING' <<<"$status" && { echo "FAIL: $status"; exit 1; }
echo "ok: installed scalyr-agent loads its upload service"
