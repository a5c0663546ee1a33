#!/bin/sh
# run-fuzz.sh BUILD_DIR SECONDS
#
# Runs the relaxed JSON parser's libFuzzer target for SECONDS on a scratch
# copy of the seed corpus (fuzz/corpus/json-parser is never modified).
# BUILD_DIR must be configured with CC=clang -Dfuzzing=true (see
# fuzz/meson.build). Crash inputs are kept in BUILD_DIR/fuzz/artifacts/.
# Exits non-zero if the target crashes, leaks or times out.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi

build=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
target=$build/fuzz/fuzz-json-parser

if [ ! -x "$target" ]; then
  echo "$0: $target not found; configure with CC=clang -Dfuzzing=true" \
       "and run: ninja -C $build fuzz/fuzz-json-parser" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-json-parser.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cp -R "$here/corpus/json-parser" "$work/corpus"

artifacts=$build/fuzz/artifacts
mkdir -p "$artifacts"

status=0
G_DEBUG=fatal-criticals \
  "$target" \
    -max_total_time="$seconds" \
    -timeout=10 \
    -dict="$here/json.dict" \
    -artifact_prefix="$artifacts/" \
    -print_final_stats=1 \
    "$work/corpus" > "$work/fuzz.log" 2>&1 || status=$?

# libFuzzer reports every new input: show the summary, or everything on failure
if [ "$status" -ne 0 ]; then
  cat "$work/fuzz.log" >&2
  echo "$0: fuzz-json-parser failed (exit $status); inputs in $artifacts/" >&2
else
  grep -E '^(Done|stat::)|INFO: (Seed|Loaded)' "$work/fuzz.log" || true
fi
exit "$status"
