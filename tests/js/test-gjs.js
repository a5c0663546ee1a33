// test-gjs.js: the Scalyr typelib from GJS, and a GJS program running a
// monitor itself (sampling from its main loop; the monitor's own thread is
// for C and Python monitors: JavaScript runs on one thread).
// SPDX-License-Identifier: Apache-2.0
const {GLib, GObject, Scalyr} = imports.gi;

let failures = 0;
let checks = 0;
function check(condition, what) {
    checks++;
    if (!condition) {
        failures++;
        printerr(`FAIL: ${what}`);
    }
}
function throwsGError(fn, code, messagePrefix, what) {
    try {
        fn();
        check(false, `${what}: no error`);
    } catch (e) {
        check(e instanceof GLib.Error, `${what}: a GLib.Error`);
        check(e.matches(Scalyr.monitor_error_quark(), code), `${what}: code ${e.code}`);
        check(e.message.startsWith(messagePrefix), `${what}: message ${e.message}`);
    }
}

// -- config getters: values and errors --
const config = Scalyr.MonitorConfig.new_from_string('{ port: "8080", ratio: 2, on: "TRUE", list: "a, b", bad: "x" }', 'js()');
check(config.get_int('port', Scalyr.ConfigFlags.NONE, 0, 1, 65535) === 8080, 'get_int converts a string');
check(config.get_double('ratio', Scalyr.ConfigFlags.NONE, 0, -Infinity, Infinity) === 2, 'get_double');
check(config.get_boolean('on', Scalyr.ConfigFlags.NONE, false) === true, 'get_boolean');
check(JSON.stringify(config.dup_strv('list', Scalyr.ConfigFlags.NONE)) === '["a","b"]', 'dup_strv');
check(config.dup_string('missing', Scalyr.ConfigFlags.NONE, 'dflt') === 'dflt', 'dup_string default');
throwsGError(() => config.get_int('bad', Scalyr.ConfigFlags.NONE, 0, 0, 10), Scalyr.MonitorError.PARSE,
    'js(): field "bad": could not parse "x" as an integer', 'parse error');
throwsGError(() => config.get_int('port', Scalyr.ConfigFlags.NONE, 0, 0, 10), Scalyr.MonitorError.OUT_OF_RANGE,
    'js(): field "port": value 8080 is above the maximum 10', 'range error');
throwsGError(() => config.get_int('nope', Scalyr.ConfigFlags.REQUIRED, 0, 0, 10), Scalyr.MonitorError.MISSING_FIELD,
    'js(): field "nope" is required but missing', 'missing field');
try {
    Scalyr.MonitorConfig.new_from_string('{ a: 1 b: 2 }', null);
    check(false, 'bad JSON accepted');
} catch (e) {
    check(e.matches(Scalyr.json_error_quark(), Scalyr.JsonError.SYNTAX), `bad JSON: ${e}`);
    check(e.message.endsWith('are you missing a comma? (line 1, byte position 6)'), `bad JSON message: ${e.message}`);
}

// -- a monitor written and run in a GJS program --
const Dice = GObject.registerClass(class Dice extends Scalyr.Monitor {
    vfunc_initialize() {
        this._sides = this.get_config().get_int('sides', Scalyr.ConfigFlags.NONE, 6, 2, 100);
        this._fields = Scalyr.ExtraFields.new();
        this._fields.set_int('sides', this._sides);
        this._n = 0;
        return true;
    }

    vfunc_gather_sample() {
        this._n++;
        const logger = this.get_logger();
        logger.emit_int('roll', 1 + (this._n % this._sides), this._fields);
        logger.emit_value('kinds', new GLib.Variant('d', 0.5),
            new GLib.Variant('a{sv}', {b: new GLib.Variant('b', true), s: new GLib.Variant('s', 'é'),
                u: new GLib.Variant('t', 18446744073709551615n), x: new GLib.Variant('x', -3)}));
        logger.emit_string('word', 'say "hi"', null);
        logger.emit_boolean('flag', false, null);
        return true;
    }
});

throwsGError(() => Scalyr.Monitor.new(Dice.$gtype, 'dice', Scalyr.MonitorConfig.new_from_string('{ sides: 1 }', null), null, 1),
    Scalyr.MonitorError.OUT_OF_RANGE, 'dice(): field "sides": value 1 is below the minimum 2', 'initialize refuses');

const dir = GLib.dir_make_tmp('scalyr-gjs-XXXXXX');
const path = GLib.build_filenamev([dir, 'dice.log']);
const monitor = Scalyr.Monitor.new(Dice.$gtype, 'dice', Scalyr.MonitorConfig.new_from_string('{ sides: 4, id: 7 }', null), null, 0.05);
check(monitor.get_monitor_name() === 'dice(7)', 'monitor name');
check(monitor.sample_interval === 0.05, 'sample-interval property');
monitor.sample_interval = 0.02;
check(monitor.get_sample_interval() === 0.02, 'set sample-interval property');
check(monitor.log_path === 'dice.log', 'log-path property');
const sink = Scalyr.FileSink.new(path, 0, 0);
monitor.open_metric_log(sink);

const loop = new GLib.MainLoop(null, false);
let samples = 0;
GLib.timeout_add(GLib.PRIORITY_DEFAULT, 20, () => {
    monitor.gather_sample();
    if (++samples < 3)
        return GLib.SOURCE_CONTINUE;
    loop.quit();
    return GLib.SOURCE_REMOVE;
});
loop.run();
sink.flush();

const [, bytes] = GLib.file_get_contents(path);
const lines = new TextDecoder().decode(bytes).trim().split('\n');
check(lines.length === 12, `12 lines, got ${lines.length}`);
check(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z \[dice\(7\)\] roll 2 sides=4$/.test(lines[0]), `roll line: ${lines[0]}`);
check(lines[1].endsWith('[dice(7)] kinds 0.5 b=true s="\\u00e9" u=18446744073709551615 x=-3'), `kinds line: ${lines[1]}`);
check(lines[2].endsWith('[dice(7)] word "say \\"hi\\""'), `string line: ${lines[2]}`);
check(lines[3].endsWith('[dice(7)] flag false'), `boolean line: ${lines[3]}`);
check(monitor.get_logger().get_reported_lines() === 12, 'reported lines');
check(monitor.get_sample_count() === 3, 'sample count');

// -- properties of the other types --
const option = Scalyr.MonitorOption.new_int('n', 'A number.', 3, 1, 9);
check(option.name === 'n' && option.required === false, 'option properties');
const metric = Scalyr.MonitorMetric.new('m', 'A metric.');
metric.unit = 'bytes';
check(metric.get_unit() === 'bytes', 'metric unit property');
check(sink.path === path && sink.max_bytes === 0, 'file sink properties');

GLib.unlink(path);
GLib.rmdir(dir);
print(`${checks - failures} of ${checks} checks passed`);
if (failures > 0)
    imports.system.exit(1);
