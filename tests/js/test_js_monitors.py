#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""JavaScript monitors end to end: the real scalyr-run-monitor on .js modules,
and JavaScript monitors beside C ones in one process (through the registry)."""
import os
import re
import signal
import subprocess
import tempfile
import time
import unittest

import gi

gi.require_version("Scalyr", "1.0")
from gi.repository import Scalyr  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MONITORS = os.path.join(HERE, "monitors")
RUN_MONITOR = os.environ["SCALYR_RUN_MONITOR"]
EXAMPLES = os.environ["JS_EXAMPLES_DIR"]
RANDOM_COIN_DIR = os.environ["RANDOM_COIN_DIR"]
LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})Z \[([^\]]*)\] (\S+) (.*)$")


def parse_time(text):
    return time.mktime(time.strptime(text[:19], "%Y-%m-%d %H:%M:%S")) + int(text[20:23]) / 1000.0


def run_cli(*args):
    return subprocess.run([RUN_MONITOR] + list(args), capture_output=True, text=True, timeout=30)


class TestJavaScriptMonitors(unittest.TestCase):
    def test_random_coin(self):
        proc = subprocess.Popen([RUN_MONITOR, "-p", EXAMPLES, "-c", "{ gauss_mean: 8.5 }", "-s", "0.3",
                                 "random_coin"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stdout.readline()
        time.sleep(1.0)
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        # read through the same buffered files as readline() (communicate()
        # would read the pipes directly and miss what readline() buffered)
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait(timeout=10)
        self.assertLess(time.monotonic() - start, 1.5)
        self.assertEqual(proc.returncode, 0, err)
        lines = (first + out).splitlines()
        self.assertEqual(lines[-1], "Signal received, stopping monitor...")
        self.assertGreaterEqual(len(lines) - 1, 6)
        for i, line in enumerate(lines[:-1]):
            m = LINE.match(line)
            self.assertIsNotNone(m, line)
            self.assertEqual(m.group(2), "random_coin()")
            self.assertEqual(m.group(3), "uniform" if i % 2 == 0 else "gauss")
            value, count = m.group(4).split(" ")
            self.assertEqual(count, "count=%d" % (i // 2 + 1))
            if m.group(3) == "gauss":
                self.assertTrue(5 < float(value) < 12, value)
        self.assertTrue(err.endswith("] Monitor has finished\n"), err)

    def test_gather_sample_exception_has_js_stack(self):
        proc = subprocess.Popen([RUN_MONITOR, "-p", MONITORS, "-s", "0.1", "-c", '{ mode: "throw-sample" }',
                                 "js_counter"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proc.stdout.readline()
        time.sleep(0.8)
        proc.send_signal(signal.SIGTERM)
        # read through the same buffered files as readline() (communicate()
        # would read the pipes directly and miss what readline() buffered)
        out, err = proc.stdout.read(), proc.stderr.read()
        proc.wait(timeout=10)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("ERROR [monitor:js_counter()] [libscalyrmon:0] Failed to gather sample due to the following "
                      "exception :stack_trace:\n  RangeError: even total 2\n  vfunc_gather_sample@%s:"
                      % os.path.join(MONITORS, "js_counter.js"), err)
        self.assertNotIn("scalyr-gjs-loader-glue.js", err)
        # the monitor went on: odd totals keep coming
        self.assertIn("total 3 mode=\"throw-sample\"", out)
        self.assertIn("total 5 mode=\"throw-sample\"", out)

    def test_errors(self):
        with tempfile.TemporaryDirectory() as d:
            files = {
                "syntax_bad.js": "const {GObject, Scalyr} = imports.gi;\nlet x = (;\n",
                "throws.js": "const {GObject, Scalyr} = imports.gi;\n\nnull.crash();\n",
                "runner.js": ("const {GObject, Scalyr} = imports.gi;\n"
                              "GObject.registerClass(class Runner extends Scalyr.Monitor {\n"
                              "    vfunc_run() {}\n});\n"),
                "empty.js": "let x = 1;\n",
            }
            for name, text in files.items():
                with open(os.path.join(d, name), "w") as f:
                    f.write(text)
            expected = {
                "syntax_bad": (3, "Cannot run monitor: %s/syntax_bad.js:2:9: SyntaxError: " % d),
                "throws": (3, "Cannot run monitor: %s/throws.js:3:1: TypeError: null has no properties\n" % d),
                "runner": (3, "Cannot run monitor: %s/runner.js:2:9: Error: Runner: JavaScript monitors cannot "
                              "override vfunc_run()" % d),
                "empty": (3, "Cannot run monitor: %s/empty.js defines no monitor: register a class extending "
                             "Scalyr.Monitor with GObject.registerClass\n" % d),
            }
            for module, (status, message) in expected.items():
                r = run_cli("-p", d, module)
                self.assertEqual(r.returncode, status, r.stderr)
                self.assertTrue(r.stderr.startswith(message), r.stderr)
                self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
        r = run_cli("-p", MONITORS, "-c", '{ mode: "throw-init" }', "js_counter")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "Invalid monitor configuration: js_counter(): initialize failed: TypeError: "
                                   "cannot read the counters (%s:11:19)\n" % os.path.join(MONITORS, "js_counter.js"))
        r = run_cli("-p", MONITORS, "-c", "{ step: 0 }", "js_counter")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "Invalid monitor configuration: js_counter(): field \"step\": value 0 is below "
                                   "the minimum 1\n")

    def test_gjs_program_runs_a_monitor(self):
        r = subprocess.run(["gjs", os.path.join(EXAMPLES, "run_in_gjs.js")], capture_output=True, text=True,
                           timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        rolls = [l for l in r.stdout.splitlines() if "[dice()] roll " in l]
        self.assertEqual(len(rolls), 5, r.stdout)
        self.assertTrue(all(LINE.match(l) and l.endswith(" sides=20") for l in rolls), rolls)

    def test_inspect(self):
        r = run_cli("-p", EXAMPLES, "--inspect", "random_coin")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Language:    JavaScript\n", r.stdout)
        self.assertIn("random_coin.js\n", r.stdout)
        self.assertIn("  gauss_mean (float, default 0.5, min 0, max 10", r.stdout)
        self.assertIn("  uniform [fields: count]\n", r.stdout)

    def test_slow_js_monitor_does_not_delay_c_monitors(self):
        registry = Scalyr.MonitorRegistry.new()
        registry.add_search_path(MONITORS)
        registry.add_search_path(RANDOM_COIN_DIR)
        busy = registry.create_monitor(Scalyr.json_parse_object('{ module: "js_counter", mode: "busy" }', -1),
                                       None, 0.05)
        interval = registry.create_monitor(Scalyr.json_parse_object('{ module: "js_counter", id: "b", '
                                                                    'mode: "slow-interval" }', -1), None, 5)
        self.assertEqual(interval.get_sample_interval(), 0.25)
        c_monitor = registry.create_monitor(Scalyr.json_parse_object('{ module: "random_coin" }', -1), None, 0.1)
        tmp = tempfile.mkdtemp(prefix="scalyr-js-test-")
        sinks = []
        for i, m in enumerate((busy, interval, c_monitor)):
            sink = Scalyr.FileSink.new(os.path.join(tmp, "%d.log" % i), 0, 0)
            sink.set_rate_limit(-1, -1)
            m.get_logger().set_metric_sink(sink)
            sinks.append(sink)
            m.start()
        time.sleep(2.0)
        for m in (busy, interval, c_monitor):
            self.assertTrue(m.stop(5000))
        for sink in sinks:
            sink.flush()
        with open(os.path.join(tmp, "2.log")) as f:
            times = [parse_time(LINE.match(l).group(1)) for l in f if " uniform " in l]
        gaps = [b - a for a, b in zip(times, times[1:])]
        self.assertGreaterEqual(len(gaps), 12)
        self.assertLess(max(gaps), 0.2, gaps)
        with open(os.path.join(tmp, "0.log")) as f:
            self.assertGreaterEqual(len(f.readlines()), 3)


if __name__ == "__main__":
    unittest.main(verbosity=2)
