#!/bin/sh
# run-fuzz.sh BUILD_DIR SECONDS [TARGET...]
#
# Runs libFuzzer targets for SECONDS in all, split evenly between them, each
# on a scratch copy of its seed corpus (fuzz/corpus/TARGET is never
# modified) with the dictionary fuzz/TARGET.dict, else fuzz/json.dict.
# TARGET is a corpus name: json-parser, agent-config, add-events-reply,
# checkpoints, metrics-render; without one, every target that has a corpus. BUILD_DIR must
# be configured with CC=clang -Dfuzzing=true (see fuzz/meson.build). Crash
# inputs are kept in BUILD_DIR/fuzz/artifacts/. Exits non-zero if a target crashes, leaks or
# times out (after running the others).
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi

build=$1
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -eq 0 ]; then
  for dir in "$here"/corpus/*/; do
    set -- "$@" "$(basename "$dir")"
  done
fi
each=$((seconds / $#))
[ "$each" -ge 1 ] || each=1

artifacts=$build/fuzz/artifacts
mkdir -p "$artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

status=0
for name in "$@"; do
  target=$build/fuzz/fuzz-$name
  if [ ! -x "$target" ]; then
    echo "$0: $target not found; configure with CC=clang -Dfuzzing=true" \
         "and run: ninja -C $build fuzz/fuzz-$name" >&2
    status=2
    continue
  fi
  dict=$here/$name.dict
  [ -f "$dict" ] || dict=$here/json.dict
  mkdir -p "$work/$name"
  cp -R "$here/corpus/$name" "$work/$name/corpus"

  echo "== fuzz-$name: $each s"
  rc=0
  G_DEBUG=fatal-criticals \
    "$target" \
      -max_total_time="$each" \
      -timeout=10 \
      -rss_limit_mb=2048 \
      -dict="$dict" \
      -artifact_prefix="$artifacts/fuzz-$name-" \
      -print_final_stats=1 \
      "$work/$name/corpus" > "$work/$name/fuzz.log" 2>&1 || rc=$?

  # libFuzzer reports every new input: show the summary, or everything on failure
  if [ "$rc" -ne 0 ]; then
    cat "$work/$name/fuzz.log" >&2
    echo "$0: fuzz-$name failed (exit $rc); inputs in $artifacts/" >&2
    status=$rc
  else
    grep -E '^(Done|stat::)|INFO: (Seed|Loaded)' "$work/$name/fuzz.log" || true
  fi
done
exit "$status"
