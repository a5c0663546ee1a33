#!/bin/sh
# check-readme.sh SRCDIR VERSION: the README starts with its two set-up
# commands, its and doc/'s relative links resolve, LICENSE is the Apache
# License 2.0 and NEWS has an entry for VERSION
# SPDX-License-Identifier: Apache-2.0
src=$1 version=$2 status=0
fail () { echo "not ok: $*"; status=1; }

# the first two code blocks of the README, verbatim
blocks=$(awk '/^```/ { if (inside) { n++; inside = 0; if (n == 2) exit; next } inside = 1; next } inside { print }' "$src/README.md")
expected='bash .ci/install-deps && meson setup build && meson compile -C build && eval "$(meson devenv -C build --dump)" && scalyr-agent --config examples/agent.json
bash .ci/run'
[ "$blocks" = "$expected" ] || fail "README.md does not start with the two set-up commands; its first code blocks are:
$blocks"
first_block=$(grep -n '^```' "$src/README.md" | head -1 | cut -d: -f1)
first_section=$(grep -n '^## ' "$src/README.md" | head -1 | cut -d: -f1)
[ "$first_block" -lt "$first_section" ] || fail "README.md: a section comes before the set-up commands"

# relative links: [text](path) and [text](path#anchor)
for doc in "$src/README.md" "$src"/doc/*.md; do
  dir=$(dirname "$doc")
  for target in $(grep -oE '\]\([^)#:]+(#[^)]*)?\)' "$doc" | sed -E 's/^\]\(//; s/\)$//; s/#.*//'); do
    [ -e "$dir/$target" ] || fail "$(basename "$doc") links to $target, which does not exist"
  done
done
# README anchors of its own sections
for anchor in $(grep -oE '\]\(#[^)]+\)' "$src/README.md" | sed -E 's/^\]\(#//; s/\)$//'); do
  grep -qiE "^#+ $(echo "$anchor" | sed 's/-/[ -]/g')\$" "$src/README.md" || fail "README.md links to #$anchor, which is no heading"
done

grep -q 'Apache License' "$src/LICENSE" && grep -q 'Version 2.0, January 2004' "$src/LICENSE" \
  || fail "LICENSE is not the Apache License 2.0"
grep -q "^Overview of changes in libscalyrmon $version" "$src/NEWS" || fail "NEWS has no entry for $version"
[ $status -eq 0 ] && echo "ok: README, links, LICENSE, NEWS"
exit $status
