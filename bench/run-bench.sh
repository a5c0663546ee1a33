#!/usr/bin/env bash
# Prints the benchmark figures of libscalyrmon for a build directory:
#   bench/run-bench.sh [BUILD_DIR]
# - emit throughput (lines/s, one thread, file sink, rate limiter off)
# - scalyr-run-monitor with the C example: start to first line, peak RSS
# - the floor: a bare program linking GLib, GIO and json-glib with one thread
# - the original agent's run_monitor for the same job, when
#   SCALYR_REFERENCE_DIR points at a checkout of scalyr-agent-2
set -euo pipefail
build=${1:-build}
build=$(cd "$build" && pwd)

echo "== libscalyrmon benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -r))"
"$build/bench/bench-emit" "${BENCH_LINES:-1000000}"
echo
echo "== scalyr-run-monitor -s 1 random_coin (C example)"
"$build/bench/bench-startup" 30 5 "$build/tools/scalyr-run-monitor" \
  -p "$build/examples/c/random-coin" -c '{ gauss_mean: 8.5 }' -s 1 random_coin
echo
echo "== scalyr-run-monitor -s 1 random_coin_monitor (the seed's Python example)"
src=$(cd "$(dirname "$0")/.." && pwd)
# byte-compiled as an installed package would be (one warm-up run writes the .pyc files)
export SCALYR_LOADER_PATH="$build/loaders/python" PYTHONPATH="$src/bindings/python${PYTHONPATH:+:$PYTHONPATH}"
export GI_TYPELIB_PATH="$build/libscalyrmon" LD_LIBRARY_PATH="$build/libscalyrmon"
unset PYTHONDONTWRITEBYTECODE
"$build/bench/bench-startup" 1 0 "$build/tools/scalyr-run-monitor" -p "$src/examples/python" \
  -c '{ gauss_mean: 8.5 }' -s 1 random_coin_monitor > /dev/null
"$build/bench/bench-startup" 5 5 "$build/tools/scalyr-run-monitor" -p "$src/examples/python" \
  -c '{ gauss_mean: 8.5 }' -s 1 random_coin_monitor
echo
echo "== scalyr-run-monitor -s 1 random_coin (the JavaScript example)"
export SCALYR_LOADER_PATH="$build/loaders/python:$build/loaders/gjs"
"$build/bench/bench-startup" 5 5 "$build/tools/scalyr-run-monitor" -p "$src/examples/js" \
  -c '{ gauss_mean: 8.5 }' -s 1 random_coin
echo
echo "== floor: bare GLib + GIO + json-glib program, one thread"
"$build/bench/bench-startup" 5 3 "$build/bench/bench-bare"
if [ -n "${SCALYR_REFERENCE_DIR:-}" ]; then
  echo
  echo "== original agent: python3 -m scalyr_agent.run_monitor -s 1 test_monitor"
  (cd "$SCALYR_REFERENCE_DIR" && PYTHONUNBUFFERED=1 "$build/bench/bench-startup" 3 5 /usr/bin/python3 -m scalyr_agent.run_monitor \
     -c '{ gauss_mean: 8.5 }' -s 1 scalyr_agent.builtin_monitors.test_monitor)
fi
echo
echo "== uploader: log text to the local mock addEvents server (bench/bench-upload)"
for c in deflate zstandard lz4 none; do
  LD_LIBRARY_PATH="$build/upload:$build/libscalyrmon" "$build/bench/bench-upload" --mb "${BENCH_UPLOAD_MB:-200}" \
    --compression "$c" 2>/dev/null
done
