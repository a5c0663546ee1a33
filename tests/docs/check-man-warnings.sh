#!/bin/sh
# check-man-warnings.sh PAGE...: groff reports no warning (all of them,
# -ww) and man renders each page without one
# SPDX-License-Identifier: Apache-2.0
status=0
for page in "$@"; do
  out=$(LC_ALL=C.UTF-8 groff -man -ww -z "$page" 2>&1)
  if [ -n "$out" ]; then
    echo "not ok: groff warns about $page:"; echo "$out"; status=1
  else
    echo "ok: $page: no groff warning"
  fi
  if command -v man >/dev/null 2>&1; then
    out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
    if [ -n "$out" ]; then
      echo "not ok: man --warnings about $page:"; echo "$out"; status=1
    fi
  fi
done
exit $status
