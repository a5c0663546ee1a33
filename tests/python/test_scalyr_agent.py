#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Tests of the scalyr_agent compatibility package and the Python loader,
run from the build tree by `meson test` (no install)."""
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import gi

gi.require_version("Scalyr", "1.0")
from gi.repository import GLib, Scalyr  # noqa: E402

import scalyr_agent  # noqa: E402
from scalyr_agent import (  # noqa: E402
    BadMonitorConfiguration,
    MonitorConfig,
    ScalyrMonitor,
    define_config_option,
)
from scalyr_agent.json_lib import ArrayOfStrings, JsonArray, JsonObject, parse  # noqa: E402
from scalyr_agent.scalyr_logging import UnsupportedValueType  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MONITORS = os.path.join(HERE, "monitors")
RUN_MONITOR = os.environ["SCALYR_RUN_MONITOR"]
EXAMPLES = os.environ["PYTHON_EXAMPLES_DIR"]
RANDOM_COIN_DIR = os.environ["RANDOM_COIN_DIR"]
LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})Z \[([^\]]*)\] (\S+) (.*)$")


def parse_time(text):
    return time.mktime(time.strptime(text[:19], "%Y-%m-%d %H:%M:%S")) + int(text[20:23]) / 1000.0


class Capture(object):
    """A monitor's metric log in a temporary file."""

    def __init__(self, monitor):
        self.dir = tempfile.mkdtemp(prefix="scalyr-py-test-")
        self.path = os.path.join(self.dir, "metrics.log")
        self.sink = Scalyr.FileSink.new(self.path, 0, 0)
        self.sink.set_rate_limit(-1, -1)
        monitor.get_logger().set_metric_sink(self.sink)
        self.diag_path = os.path.join(self.dir, "diag.log")
        self.diag = Scalyr.FileSink.new(self.diag_path, 0, 0)
        monitor.get_logger().set_diagnostic_sink(self.diag)

    def lines(self):
        self.sink.flush()
        with open(self.path) as f:
            return f.read().splitlines()

    def diagnostics(self):
        self.diag.flush()
        with open(self.diag_path) as f:
            return f.read()


class TestMonitorConfig(unittest.TestCase):
    """MonitorConfig.get per spec 2 and its examples (6 #1-#17)."""

    def test_conversions(self):
        c = MonitorConfig({"foo": "12", "f2": 2.5, "b": "false", "flag": True, "fl": 1.3,
                           "list": "['a', \"b\", c]", "arr": ["a", "b"], "obj": {"x": 1}})
        self.assertEqual(c.get("foo", convert_to=int), 12)
        self.assertIs(type(c.get("foo", convert_to=int)), int)
        self.assertEqual(c.get("f2", convert_to=int), 2)
        self.assertEqual(c.get("b", convert_to=bool), False)
        self.assertEqual(c.get("flag", convert_to=str), "True")
        self.assertEqual(c.get("fl", convert_to=str), "1.3")
        self.assertEqual(c.get("foo", convert_to=float), 12.0)
        self.assertEqual(list(c.get("list", convert_to=ArrayOfStrings)), ["a", "b", "c"])
        self.assertIsInstance(c.get("list", convert_to=ArrayOfStrings), ArrayOfStrings)
        self.assertEqual(c.get("arr", convert_to=JsonArray), JsonArray("a", "b"))
        self.assertEqual(c.get("obj", convert_to=JsonObject), JsonObject({"x": 1}))
        self.assertEqual(c.get("obj")["x"], 1)
        self.assertEqual(c.get("fee", default=20), 20)
        self.assertEqual(c.get("fee", default="7", convert_to=int), 7)
        self.assertIsNone(c.get("fee"))
        self.assertEqual(c["foo"], "12")
        self.assertIn("foo", c)
        self.assertNotIn("nope", c)
        self.assertEqual(len(c), 8)

    def test_errors(self):
        c = MonitorConfig({"foo": True, "n": "12a", "big": 5, "arr": ["a", "b", 3]}, monitor_name="m()")
        cases = [
            (dict(field="foo", convert_to=int), "m(): field \"foo\": cannot convert a boolean (true) to an integer"),
            (dict(field="n", convert_to=int), "m(): field \"n\": could not parse \"12a\" as an integer"),
            (dict(field="big", max_value=4), "m(): field \"big\": value 5 is above the maximum 4"),
            (dict(field="big", convert_to=float, min_value=6), "m(): field \"big\": value 5.0 is below the minimum 6"),
            (dict(field="fo", required_field=True),
             "m(): field \"fo\" is required but missing; add \"fo\" to the monitor's configuration"),
            (dict(field="arr", convert_to=ArrayOfStrings), None),
            (dict(field="foo", convert_to=bytes), None),
        ]
        for kwargs, message in cases:
            field = kwargs["field"]
            with self.assertRaises(BadMonitorConfiguration) as cm:
                c.get(**kwargs)
            self.assertEqual(cm.exception.field, field)
            if message is not None:
                self.assertEqual(str(cm.exception), message)
                self.assertEqual(cm.exception.message, message)

    def test_declared_options(self):
        define_config_option("tests.decl", "a", "A", required_option=True, convert_to=int)
        define_config_option("tests.decl", "b", "B", convert_to=int, min_value=5, max_value=10, default=7)
        with self.assertRaises(BadMonitorConfiguration):
            MonitorConfig({"b": 1}, monitor_module="tests.decl")
        c = MonitorConfig({"a": "5"}, monitor_module="tests.decl")
        self.assertEqual(c.get("a"), 5)
        self.assertEqual(c["b"], 7)
        with self.assertRaises(BadMonitorConfiguration):
            MonitorConfig({"a": 5, "b": 11}, monitor_module="tests.decl")

    def test_environment(self):
        os.environ["SCALYR_PYTEST_ENV_FIELD"] = "1,2,3"
        try:
            c = MonitorConfig({})
            self.assertEqual(list(c.get("pytest_env_field", convert_to=ArrayOfStrings)), ["1", "2", "3"])
            self.assertTrue(c.library_config.is_from_environment("pytest_env_field"))
        finally:
            del os.environ["SCALYR_PYTEST_ENV_FIELD"]


class TestJsonLib(unittest.TestCase):
    def test_parse_relaxed(self):
        value = parse('{ a: 5, b: [1, 2,], // comment\n c: "x" + "y" }')
        self.assertEqual(value, JsonObject({"a": 5, "b": JsonArray(1, 2), "c": "xy"}))
        self.assertEqual(value.get_int("a"), 5)
        self.assertEqual(value.get_json_array("b")[1], 2)
        self.assertEqual(value.to_json(), '{"a":5,"b":[1,2],"c":"xy"}')

    def test_parse_error(self):
        with self.assertRaises(scalyr_agent.json_lib.JsonParseException) as cm:
            parse("{ a: 1 b: 2 }")
        self.assertIn("are you missing a comma? (line 1, byte position 6)", str(cm.exception))


class Sample(ScalyrMonitor):
    """Emits what the test tells it to."""

    def _initialize(self):
        self.values = []
        self.stopped = False

    def gather_sample(self):
        for args, kwargs in self.values:
            self._logger.emit_value(*args, **kwargs)

    def stop(self, wait=True, join_timeout=5):
        self.stopped = True
        ScalyrMonitor.stop(self, wait, join_timeout)


class TestAgentLogger(unittest.TestCase):
    def setUp(self):
        self.monitor = Sample.create({"module": "tests.sample", "id": "t",
                                      "metric_name_blacklist": ["hidden"]}, sample_interval=5)
        self.capture = Capture(self.monitor)

    def test_emit_value(self):
        m = self.monitor
        m._logger.emit_value("n", 5, extra_fields={"g": 9, "c": 5, "a": 7, "b": 8})
        m._logger.emit_value("big", 2 ** 64 - 1)
        m._logger.emit_value("f", 2.0, extra_fields={"flag": True, "s": 'say "hi"\n'})
        m._logger.emit_value("value", 1)
        m._logger.emit_value("bad name", 1, extra_fields={"9x": 1})
        m._logger.emit_value("hidden", 1)
        m._logger.emit_value("t", 1, timestamp=1650021068015, monitor_id_override="other")
        lines = self.capture.lines()
        self.assertEqual([LINE.match(l).group(2, 3, 4) for l in lines[:6]], [
            ("sample(t)", "n", "5 a=7 b=8 c=5 g=9"),
            ("sample(t)", "big", "18446744073709551615"),
            ("sample(t)", "f", '2.0 flag=true s="say \\"hi\\"\\n"'),
            ("sample(t)", "value_", "1"),
            ("sample(t)", "bad_name", "1 sa_9x=1"),
            ("sample(other)", "t", "1"),
        ])
        self.assertEqual(len(lines), 6)
        self.assertTrue(lines[5].startswith("2022-04-15 11:11:08.015Z"))
        self.assertEqual(m.reported_lines(), 6)
        diag = self.capture.diagnostics()
        self.assertIn('Metric "hidden" is blacklisted', diag)
        self.assertIn('Invalid metric name "bad name" seen.', diag)

    def test_unsupported_values(self):
        log = self.monitor._logger
        for args, kwargs in [(("n", None), {}), (("n", [1]), {}), (("n", {"a": 1}), {}), ((5, 1), {}),
                             (("n", 1), {"extra_fields": {"x": None}}), (("n", 1), {"extra_fields": {1: 2}}),
                             (("n", 2 ** 70), {})]:
            with self.assertRaises(UnsupportedValueType):
                log.emit_value(*args, **kwargs)
        self.assertEqual(self.capture.lines(), [])

    def test_diagnostics(self):
        log = self.monitor._logger
        log.info("hello %s", "world")
        log.warn("careful")
        log.debug("hidden at debug level 0")
        for _ in range(3):
            log.warning("limited", limit_once_per_x_secs=60, limit_key="k")
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("it failed")
        log.error("coded", error_code="failedMonitor")
        log.info("into the metric log", emit_to_metric_log=True)
        with self.assertRaises(Exception):
            log.info("x", limit_once_per_x_secs=5)
        diag = self.capture.diagnostics()
        # the source as the reference's formatter names it: the path from its
        # last "scalyr_agent" (here the one in this file's name), dotted,
        # without ".py"
        self.assertRegex(diag, r"Z INFO \[monitor:sample\(t\)\] \[scalyr_agent:\d+\] hello world\n")
        self.assertIn("WARNING [monitor:sample(t)]", diag)
        self.assertNotIn("hidden at debug level 0", diag)
        self.assertEqual(diag.count("limited"), 1)
        self.assertRegex(diag, r"ERROR \[monitor:sample\(t\)\] \[scalyr_agent:\d+\] it failed :stack_trace:\n"
                               r"  Traceback \(most recent call last\):\n")
        self.assertIn("  ValueError: boom\n", diag)
        self.assertIn('[error="failedMonitor"] coded', diag)
        self.assertTrue(self.capture.lines()[0].endswith("[sample(t)] into the metric log"))
        self.assertEqual(self.monitor.errors(), 2)


class TestLifecycle(unittest.TestCase):
    def test_initialize_errors(self):
        registry = Scalyr.MonitorRegistry.new()
        registry.add_search_path(MONITORS)
        cases = [
            ({"module": "py_counter"}, Scalyr.MonitorError.MISSING_FIELD, "py_counter(): field \"label\" is required"),
            ({"module": "py_counter", "label": "bad"}, Scalyr.MonitorError.BAD_CONFIG,
             "py_counter(): field \"label\": label must not be bad"),
            ({"module": "py_counter", "label": "unsupported"}, Scalyr.MonitorError.UNSUPPORTED_SYSTEM,
             "py_counter(): this system has no counters"),
            ({"module": "py_counter", "label": "x", "step": 0}, Scalyr.MonitorError.OUT_OF_RANGE,
             "py_counter(): field \"step\": value 0 is below the minimum 1"),
        ]
        for entry, code, message in cases:
            obj = parse(str(entry).replace("'", '"'))
            node = Scalyr.json_parse_object(obj.to_json(), -1)
            with self.assertRaises(GLib.Error) as cm:
                registry.create_monitor(node, None, 5.0)
            self.assertEqual(cm.exception.code, int(code), cm.exception.message)
            self.assertTrue(cm.exception.message.startswith(message), cm.exception.message)

    def test_run_stop_and_attributes(self):
        registry = Scalyr.MonitorRegistry.new()
        registry.add_search_path(MONITORS)
        node = Scalyr.json_parse_object('{ module: "py_counter", label: "slow", step: 3 }', -1)
        monitor = registry.create_monitor(node, None, 5.0)
        self.assertEqual(monitor.get_sample_interval(), 0.25)
        self.assertEqual(monitor._sample_interval_secs, 0.25)
        self.assertEqual(monitor.get_log_path(), "counter-slow.log")
        self.assertEqual(monitor.monitor_name, "py_counter()")
        capture = Capture(monitor)
        monitor.start()
        time.sleep(0.6)
        start = time.monotonic()
        monitor.stop()
        self.assertLess(time.monotonic() - start, 1.0)
        self.assertFalse(monitor.is_running())
        lines = capture.lines()
        self.assertGreaterEqual(len(lines), 2)
        self.assertTrue(lines[0].endswith("[py_counter()] count 3 label=\"slow\""))
        self.assertTrue(lines[1].endswith("[py_counter()] count 6 label=\"slow\""))
        self.assertIn("Monitor has finished", capture.diagnostics())
        # declared for --inspect
        module = registry.lookup("py_counter")
        self.assertEqual(module.get_language(), "Python")
        text = module.describe()
        self.assertIn("step (integer, default 1, min 1, max 100", text)
        self.assertIn("label (any, required", text)
        self.assertIn("count [fields: label] (unit count) (cumulative)", text)
        self.assertIn("Description: Counts samples and reports the count.", text)

    def test_gather_sample_raising_continues(self):
        registry = Scalyr.MonitorRegistry.new()
        registry.add_search_path(MONITORS)
        monitor = registry.create_monitor(Scalyr.json_parse_object('{ module: "py_broken" }', -1), None, 0.05)
        capture = Capture(monitor)
        monitor.start()
        deadline = time.monotonic() + 5
        while monitor.get_sample_count() < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertTrue(Scalyr.Monitor.stop(monitor, 5000))
        diag = capture.diagnostics()
        self.assertGreaterEqual(diag.count("Failed to gather sample due to the following exception :stack_trace:"), 3)
        self.assertIn('    File "%s", line 5, in gather_sample\n' % os.path.join(MONITORS, "py_broken.py"), diag)
        self.assertIn("  ZeroDivisionError: division by zero\n", diag)
        self.assertNotIn("scalyr_monitor.py", diag.split(":stack_trace:")[1].split("ZeroDivisionError")[0])
        self.assertEqual(monitor.errors(), monitor.get_sample_count())

    def test_overriding_run_and_stop(self):
        class Runner(ScalyrMonitor):
            def _initialize(self):
                self.loops = 0
                self.stop_called = False

            def run(self):
                while self._run_state.is_running():
                    self.loops += 1
                    self._logger.emit_value("loop", self.loops)
                    self._run_state.sleep_but_awaken_if_stopped(0.05)

            def stop(self, wait=True, join_timeout=5):
                self.stop_called = True
                ScalyrMonitor.stop(self, wait, join_timeout)

        monitor = Runner.create({"module": "tests.runner"}, sample_interval=3600)
        capture = Capture(monitor)
        monitor.start()
        time.sleep(0.3)
        start = time.monotonic()
        # stopped through the library, as the agent does: the override runs
        self.assertTrue(Scalyr.Monitor.stop(monitor, 2000))
        self.assertLess(time.monotonic() - start, 1.0)
        self.assertTrue(monitor.stop_called)
        self.assertGreaterEqual(monitor.loops, 3)
        self.assertEqual(monitor.get_sample_count(), 0)
        self.assertTrue(capture.lines()[0].endswith("[runner()] loop 1"))

    def test_python_and_c_monitors_keep_their_intervals(self):
        """Two Python monitors, one of them hogging the GIL in long samples,
        and a C monitor: the C monitor and the light Python one keep their
        interval."""

        class Busy(ScalyrMonitor):
            def gather_sample(self):
                end = time.monotonic() + 0.3
                n = 0
                while time.monotonic() < end:
                    n += 1
                self._logger.emit_value("spins", n)

        class Light(ScalyrMonitor):
            def gather_sample(self):
                self._logger.emit_value("tick", 1)

        registry = Scalyr.MonitorRegistry.new()
        registry.add_search_path(RANDOM_COIN_DIR)
        c_monitor = registry.create_monitor(Scalyr.json_parse_object('{ module: "random_coin" }', -1), None, 0.1)
        busy = Busy.create({"module": "tests.busy"}, sample_interval=0.01)
        light = Light.create({"module": "tests.light"}, sample_interval=0.1)
        captures = [Capture(m) for m in (c_monitor, busy, light)]
        for m in (c_monitor, busy, light):
            m.start()
        time.sleep(2.0)
        for m in (c_monitor, busy, light):
            self.assertTrue(Scalyr.Monitor.stop(m, 5000))

        def gaps(lines, metric):
            times = [parse_time(LINE.match(l).group(1)) for l in lines if LINE.match(l).group(3) == metric]
            return [b - a for a, b in zip(times, times[1:])]

        c_gaps = gaps(captures[0].lines(), "uniform")
        light_gaps = gaps(captures[2].lines(), "tick")
        self.assertGreaterEqual(len(c_gaps), 12)
        self.assertGreaterEqual(len(light_gaps), 8)
        # the interval is 0.1 s; sleeps are not shortened by the sample time.
        # A C monitor waiting for the GIL would wait out Busy's 0.3 s samples:
        # its typical gap stays near 0.1 s and none reaches 0.3 s (a bound
        # that a loaded 2-core CI machine's scheduling delays do not reach,
        # unlike the 0.2 s this once asserted for every gap)
        self.assertLess(sorted(c_gaps)[len(c_gaps) // 2], 0.2, c_gaps)
        self.assertLess(max(c_gaps), 0.29, c_gaps)
        self.assertLess(sorted(light_gaps)[len(light_gaps) // 2], 0.2, light_gaps)
        self.assertGreaterEqual(len(gaps(captures[1].lines(), "spins")), 3)


class TestRunMonitor(unittest.TestCase):
    """The real scalyr-run-monitor on Python modules."""

    def run_cli(self, *args, timeout=20):
        return subprocess.run([RUN_MONITOR] + list(args), capture_output=True, text=True, timeout=timeout)

    def test_seed_example(self):
        proc = subprocess.Popen([RUN_MONITOR, "-p", EXAMPLES, "-c", "{ gauss_mean: 8.5 }", "-s", "0.3",
                                 "random_coin_monitor"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stdout.readline()
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        # read through the same buffered files as readline() (communicate()
        # would read the pipes directly and miss what readline() buffered)
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait(timeout=10)
        lines = (first + out).splitlines()
        self.assertEqual(proc.returncode, 0, err)
        self.assertEqual(lines[-1], "Signal received, stopping monitor...")
        metric_lines = lines[:-1]
        self.assertGreaterEqual(len(metric_lines), 6)
        for i, line in enumerate(metric_lines):
            m = LINE.match(line)
            self.assertIsNotNone(m, line)
            self.assertEqual(m.group(2), "random_coin_monitor()")
            self.assertEqual(m.group(3), "uniform" if i % 2 == 0 else "gauss")
            value, count = m.group(4).split(" ")
            float(value)
            self.assertEqual(count, "count=%d" % (i // 2 + 1))
        self.assertTrue(err.endswith("] Monitor has finished\n"), err)

    def test_load_errors(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "syntax_bad.py"), "w") as f:
                f.write("from scalyr_agent import ScalyrMonitor\n\nclass X(ScalyrMonitor)\n    pass\n")
            with open(os.path.join(d, "import_bad.py"), "w") as f:
                f.write("import os\nimport no_such_module_for_test\n")
            with open(os.path.join(d, "no_class.py"), "w") as f:
                f.write("x = 1\n")
            r = self.run_cli("-p", d, "syntax_bad")
            self.assertEqual(r.returncode, 3)
            self.assertEqual(r.stderr, "Cannot run monitor: %s/syntax_bad.py:3: SyntaxError: expected ':'\n" % d)
            r = self.run_cli("-p", d, "import_bad")
            self.assertEqual(r.returncode, 3)
            self.assertEqual(r.stderr, "Cannot run monitor: %s/import_bad.py:2: ModuleNotFoundError: No module "
                                       "named 'no_such_module_for_test'\n" % d)
            r = self.run_cli("-p", d, "no_class")
            self.assertEqual(r.returncode, 3)
            self.assertIn("no_class.py defines no monitor: add a class deriving from scalyr_agent.ScalyrMonitor",
                          r.stderr)

    def test_bad_config(self):
        r = self.run_cli("-p", EXAMPLES, "-c", "{ gauss_mean: 11 }", "random_coin_monitor")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "Invalid monitor configuration: random_coin_monitor(): field \"gauss_mean\": "
                                   "value 11.0 is above the maximum 10\n")
        r = self.run_cli("-p", MONITORS, "-c", "{ label: \"x\", step: \"many\" }", "py_counter")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "Invalid monitor configuration: py_counter(): field \"step\": could not "
                                   "parse \"many\" as an integer\n")

    def test_inspect(self):
        r = self.run_cli("-p", MONITORS, "--inspect", "py_counter")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Language:    Python\n", r.stdout)
        self.assertIn("  step (integer, default 1, min 1, max 100, environment variable SCALYR_STEP)\n", r.stdout)
        self.assertIn("  tags (any, environment variable SCALYR_TAGS)\n", r.stdout)
        self.assertIn("\nLog fields:\n  label\n", r.stdout)

    def test_python_program_runs_a_monitor(self):
        r = subprocess.run([sys.executable, os.path.join(EXAMPLES, "run_in_python.py")],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        rolls = [l for l in r.stdout.splitlines() if "[dice()] roll " in l]
        self.assertGreaterEqual(len(rolls), 3, r.stdout)
        self.assertTrue(all(LINE.match(l) and l.endswith(" sides=20") for l in rolls), rolls)
        self.assertIn("Monitor has finished", r.stderr)

    def test_python_m_run_monitor(self):
        """The guide's `python -m scalyr_agent.run_monitor ...`, from the module's directory."""
        proc = subprocess.Popen([sys.executable, "-m", "scalyr_agent.run_monitor", "-c", "{ gauss_mean:8.5 }",
                                 "-s", "0.2", "random_coin_monitor"], cwd=EXAMPLES,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait(timeout=10)
        self.assertEqual(proc.returncode, 0, err)
        self.assertRegex(first, r"Z \[random_coin_monitor\(\)\] uniform [0-9.e-]+ count=1\n$")
        r = subprocess.run([sys.executable, "-m", "scalyr_agent.run_monitor", "-a", "agent.json", "x"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 1)
        self.assertIn("--agent-config option is not supported", r.stderr)

    def test_c_only_run_maps_no_python(self):
        proc = subprocess.Popen([RUN_MONITOR, "-p", RANDOM_COIN_DIR, "-s", "60", "random_coin"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        proc.stdout.readline()
        with open("/proc/%d/maps" % proc.pid) as f:
            maps = f.read()
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)
        self.assertNotIn("libpython", maps)
        self.assertNotIn("libscalyr-python-loader", maps)


if __name__ == "__main__":
    unittest.main(verbosity=2)
