#!/bin/sh
# test-install-config.sh INSTALL-SCRIPT AGENT-JSON: what `meson install`
# does with the default configuration: a first install writes agent.json
# (mode 0640), a reinstall over an unchanged file keeps it, a reinstall
# over an edited file keeps the edit and writes agent.json.dist beside it.
set -eu
script=$1
src=$2
DESTDIR=$(mktemp -d)
export DESTDIR
trap 'rm -rf "$DESTDIR"' EXIT
dir=$DESTDIR/etc/scalyr-agent-2
fail() { echo "FAIL: $*" >&2; exit 1; }

sh "$script" "$src" /etc/scalyr-agent-2 >/dev/null
cmp -s "$src" "$dir/agent.json" || fail "the first install did not write $dir/agent.json"
mode=$(stat -c %a "$dir/agent.json")
[ "$mode" = 640 ] || fail "agent.json has mode $mode, not 640 (it is where the api_key goes)"

sh "$script" "$src" /etc/scalyr-agent-2 >/dev/null
[ ! -e "$dir/agent.json.dist" ] || fail "a reinstall over an unchanged agent.json wrote agent.json.dist"

echo '{ api_key: "edited" }' >"$dir/agent.json"
out=$(sh "$script" "$src" /etc/scalyr-agent-2)
grep -q edited "$dir/agent.json" || fail "a reinstall overwrote the edited agent.json"
cmp -s "$src" "$dir/agent.json.dist" || fail "a reinstall over an edited agent.json did not write agent.json.dist"
case $out in
  *"agent.json.dist"*) ;;
  *) fail "the reinstall did not say where the new default went: $out" ;;
esac
echo "ok: installed 0640, kept when unchanged, kept when edited with agent.json.dist beside it"
