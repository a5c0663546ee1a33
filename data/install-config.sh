#!/bin/sh
# install-config.sh SOURCE DIR: installs SOURCE as DIR/agent.json (mode
# 0640) under $DESTDIR, or as DIR/agent.json.dist when an agent.json is
# already there, so that a reinstall keeps the operator's configuration.
set -eu
src=$1
dir=${DESTDIR:-}$2
if [ -n "${MESON_INSTALL_DRY_RUN:-}" ]; then
  exit 0
fi
mkdir -p "$dir"
target=$dir/agent.json
if [ -e "$target" ] || [ -L "$target" ]; then
  if cmp -s "$src" "$target"; then
    [ -n "${MESON_INSTALL_QUIET:-}" ] || echo "Keeping $target (unchanged)"
    exit 0
  fi
  target=$dir/agent.json.dist
  echo "$dir/agent.json exists and is kept: the new default configuration goes to $target"
fi
install -m 0640 "$src" "$target"
[ -n "${MESON_INSTALL_QUIET:-}" ] || echo "Installing $target"
