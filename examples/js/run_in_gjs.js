#!/usr/bin/gjs
// run_in_gjs.js: a GJS program that runs a monitor itself, without
// scalyr-run-monitor. JavaScript code runs on its engine's thread, so the
// program samples from its own main loop instead of calling start().
//
//   meson devenv -C build gjs examples/js/run_in_gjs.js
//
// SPDX-License-Identifier: Apache-2.0
const {GLib, GObject, Scalyr} = imports.gi;

const Dice = GObject.registerClass(class Dice extends Scalyr.Monitor {
    vfunc_initialize() {
        this._sides = this.get_config().get_int('sides', Scalyr.ConfigFlags.NONE, 6, 2, 100);
        this._fields = Scalyr.ExtraFields.new();
        this._fields.set_int('sides', this._sides);
        return true;
    }

    vfunc_gather_sample() {
        const roll = 1 + Math.floor(Math.random() * this._sides);
        this.get_logger().emit_int('roll', roll, this._fields);
        return true;
    }
});

const config = Scalyr.MonitorConfig.new_from_string('{ sides: 20 }', null);
const monitor = Scalyr.Monitor.new(Dice.$gtype, 'dice', config, null, 0.5);
monitor.open_metric_log(Scalyr.StreamSink.new_for_fd(1));   // metric lines to stdout

const loop = new GLib.MainLoop(null, false);
let samples = 0;
GLib.timeout_add(GLib.PRIORITY_DEFAULT, monitor.get_sample_interval() * 1000, () => {
    monitor.gather_sample();
    if (++samples < 4)
        return GLib.SOURCE_CONTINUE;
    loop.quit();
    return GLib.SOURCE_REMOVE;
});
monitor.gather_sample();
loop.run();
