# bench/collectd-conf.sh: the collectd the benchmarks compare against, sourced
# by bench-floor.sh, bench-linux-metrics.sh and peers/run-peers.sh.
# SPDX-License-Identifier: Apache-2.0

# write_collectd_conf CONF DIR INTERVAL PLUGIN...: a collectd configuration
# with those read plugins at INTERVAL seconds, writing CSV under DIR/csv
# (csv is added); COLLECTD_PLUGIN_DIR overrides /usr/lib/collectd.
write_collectd_conf() {
  local conf=$1 dir=$2 interval=$3 p; shift 3
  {
    echo "Interval $interval"
    echo "BaseDir \"$dir\""
    echo "PIDFile \"$dir/collectd.pid\""
    echo "PluginDir \"${COLLECTD_PLUGIN_DIR:-/usr/lib/collectd}\""
    echo "TypesDB \"/usr/share/collectd/types.db\""
    echo "Hostname \"bench\""
    echo "FQDNLookup false"
    for p in "$@" csv; do echo "LoadPlugin $p"; done
    echo "<Plugin csv>"
    echo "  DataDir \"$dir/csv\""
    echo "  StoreRates false"
    echo "</Plugin>"
  } > "$conf"
}
