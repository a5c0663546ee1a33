#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""scalyr-run-monitor never hangs (issue 12): a module whose import never
returns (Python: a pure-Python loop, a blocking sleep; JavaScript: an endless
loop) is interrupted by SIGINT/SIGTERM within 2 s with exit status 4, or
reported past --load-timeout with status 3; a monitor whose stop never
returns is left within the stop timeout with status 4."""
import os
import signal
import subprocess
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
STUCK = os.path.join(os.path.dirname(HERE), "stuck-monitors")
RUN_MONITOR = os.environ["SCALYR_RUN_MONITOR"]
MISBEHAVING_DIR = os.environ["MISBEHAVING_DIR"]
HAVE_JS = os.environ.get("HANG_TEST_JS") == "1"


def start(*args):
    return subprocess.Popen([RUN_MONITOR] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish(proc, limit):
    """Waits at most @limit seconds; returns (status, stdout, stderr, seconds)."""
    began = time.monotonic()
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError("scalyr-run-monitor did not exit within %g s; stderr:\n%s" % (limit, err))
    return proc.returncode, out, err, time.monotonic() - began


class TestInterruptedWhileLoading(unittest.TestCase):
    def interrupt(self, module, sig):
        proc = start("-p", STUCK, module)
        time.sleep(1.0)   # the interpreter started and the module is stuck in its top level
        self.assertIsNone(proc.poll(), "scalyr-run-monitor ended by itself")
        proc.send_signal(sig)
        status, out, err, seconds = finish(proc, 5)
        self.assertLess(seconds, 2.0, err)
        self.assertEqual(status, 4, err)
        self.assertIn("Signal received while %s was loading" % module, err)

    def test_python_loop_sigint(self):
        self.interrupt("py_stuck_import", signal.SIGINT)

    def test_python_sleep_sigterm(self):
        self.interrupt("py_sleep_import", signal.SIGTERM)

    @unittest.skipUnless(HAVE_JS, "the JavaScript loader is not built")
    def test_javascript_loop_sigint(self):
        self.interrupt("js_stuck_import", signal.SIGINT)


class TestLoadTimeout(unittest.TestCase):
    def test_reported_past_the_deadline(self):
        proc = start("-p", STUCK, "--load-timeout", "1", "py_stuck_import")
        status, out, err, seconds = finish(proc, 10)
        self.assertLess(seconds, 3.0, err)
        self.assertEqual(status, 3, err)
        self.assertIn("Cannot run monitor: py_stuck_import did not load within 1 s", err)
        self.assertIn("--load-timeout", err)

    def test_bad_value(self):
        for value in ("0", "-1", "inf", "nan", "3601", "x"):
            status, out, err, seconds = finish(start("--load-timeout", value, "test_monitor"), 10)
            self.assertEqual(status, 1, value)
            self.assertIn("Invalid value for the --load-timeout option: %s" % value, err)

    def test_documented(self):
        status, out, err, seconds = finish(start("--help"), 10)
        self.assertEqual(status, 0)
        self.assertIn("--load-timeout=SECS", out)
        self.assertIn("4 the monitor did not stop in time,\nor SIGINT/SIGTERM came while it was still loading", out)


class TestStopNeverReturns(unittest.TestCase):
    def test_sigint(self):
        proc = start("-p", MISBEHAVING_DIR, "-c", "{ mode: \"hang_stop\" }", "-s", "0.1", "misbehaving_monitor")
        self.assertIn("tick 1", proc.stdout.readline())
        proc.send_signal(signal.SIGINT)
        status, out, err, seconds = finish(proc, 5)
        self.assertLess(seconds, 2.0, err)
        self.assertEqual(status, 4, err)
        self.assertIn("misbehaving_monitor() did not stop within 900 ms", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
