#!/usr/bin/env bash
# bench/peers/check-quick.sh BUILD_DIR: the meson test peers-bench-quick.
# Runs run-peers.sh --quick and checks that every table has every contender
# with all its rounds OK, and that no contender lost or duplicated a line
# when shipping. Skips (77) when a peer program is missing. It checks that
# the suite works, not the figures (they are printed, not asserted).
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d /tmp/peers-quick-XXXXXX)
trap 'rm -rf "$out"' EXIT
rc=0
"$here/run-peers.sh" "$build" --quick --out "$out" || rc=$?
if [ "$rc" = 2 ]; then echo "peers missing: skipped"; exit 77; fi
status=0
# expect TSV CONTENDER...: each contender has 3 rows, all "ok"
expect() {
  local tsv=$1 c n; shift
  for c in "$@"; do
    n=$(awk -F'\t' -v c="$c" '$1 == c && $3 == "ok"' "$out/$tsv" | wc -l)
    if [ "$n" != 3 ]; then echo "FAIL: $tsv: '$c' has $n OK rounds of 3"; status=1; fi
  done
}
expect shipping.tsv "ours none" "ours deflate (default)" "syslog-ng"
expect metrics.tsv "ours scalyr-agent" "ours scalyr-run-monitor" "collectd" "node_exporter" \
  "node_exporter's scraper (counted apart)"
expect idle.tsv "ours scalyr-agent (examples/agent.json)" "collectd (10 s)"
# shipping: every line received once (columns: duplicates 10, missing 11)
bad=$(awk -F'\t' 'NR > 1 && ($10 != 0 || $11 != 0 || $8 != $9) { print $1 " round " $2 ": received " $8 ", unique " $9 ", duplicates " $10 ", missing " $11 }' "$out/shipping.tsv")
if [ -n "$bad" ]; then echo "FAIL: lines lost or duplicated:"; echo "$bad"; status=1; fi
for t in "Shipping" "System metrics" "Idle"; do
  grep -q "^## $t" "$out/report.md" || { echo "FAIL: no '$t' table in the report"; status=1; }
done
[ "$rc" = 0 ] || { echo "FAIL: run-peers.sh exited $rc"; status=1; }
exit $status
