#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The reference agent's builtin monitors, unchanged, under our
scalyr-run-monitor and scalyr-agent, side by side with the reference's own
`python3 -m scalyr_agent.run_monitor` on the same real server (Debian's
packages, 127.0.0.1 only, started and stopped here within bounded time).

Both runs must write metric lines of the same format with the same
(instance, metric, extra field names, value type) combinations; where the
values cannot move (a shell command's output, graphite's and syslog's
received data) the lines must be equal but for their time.

The reference tree is $SCALYR_REFERENCE_TREE (default
/work/ref/scalyr-agent-2, a checkout of scalyr-agent-2 2.2.22). Without
it, or without a server's Debian package, the test says so and skips."""
import json
import os
import pickle
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import servers  # noqa: E402

REF = os.environ.get("SCALYR_REFERENCE_TREE", "/work/ref/scalyr-agent-2")
RUN_MONITOR = os.environ.get("SCALYR_RUN_MONITOR", "scalyr-run-monitor")
AGENT = os.environ.get("SCALYR_AGENT", "scalyr-agent")
PYTHON = sys.executable
PREFIX = "scalyr_agent.builtin_monitors."

METRIC = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z) \[([^\]]*)\] ([^ ]+) (.*)$")
DIAG = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR|CRITICAL) "
                  r"\[([^\]]*)\] \[([^\]:]+):(\d+)\] (.*)$")
_decoder = json.JSONDecoder()


def have_reference():
    return os.path.isfile(os.path.join(REF, "scalyr_agent", "run_monitor.py"))


def _token(text, at):
    """A value at text[at:]: a JSON string or the text up to a space."""
    if text.startswith('"', at):
        value, end = _decoder.raw_decode(text, at)
        return value, end
    end = text.find(" ", at)
    end = len(text) if end == -1 else end
    raw = text[at:end]
    try:
        return json.loads(raw), end
    except ValueError:
        return raw, end


def kind(value):
    return type(value).__name__


def parse_metric(line):
    """(time, instance, metric, value, {field: value}) of a metric line, or None."""
    m = METRIC.match(line)
    if not m:
        return None
    rest = m.group(4)
    value, at = _token(rest, 0)
    fields = {}
    while at < len(rest):
        if rest[at] != " ":
            raise AssertionError("bad metric line %r" % line)
        eq = rest.index("=", at)
        key = rest[at + 1:eq]
        fields[key], at = _token(rest, eq + 1)
    return m.group(1), m.group(2), m.group(3), value, fields


def metric_lines(text):
    return [parse_metric(line) for line in text.splitlines() if METRIC.match(line)]


def signature(parsed):
    return {(inst, metric, tuple(sorted(fields)), kind(value)) for _, inst, metric, value, fields in parsed}


def without_time(parsed):
    return sorted((inst, metric, json.dumps(value), json.dumps(fields, sort_keys=True))
                  for _, inst, metric, value, fields in parsed)


class Run(object):
    """One monitor run, ours or the reference's, in its own directory."""

    def __init__(self, ours, module, config, interval=1, cwd=None):
        self.dir = cwd or tempfile.mkdtemp(prefix="scalyr-ref-run-")
        if ours:
            args = [RUN_MONITOR, "-p", REF, "-s", str(interval), "-c", json.dumps(config), module]
            env = dict(os.environ)
        else:
            args = [PYTHON, "-m", "scalyr_agent.run_monitor", "-s", str(interval), "-c", json.dumps(config), module]
            env = dict(os.environ, PYTHONPATH=REF)
        # output to files, so that it can be read while the run goes on
        self.out_path = os.path.join(self.dir, "run.stdout")
        self.err_path = os.path.join(self.dir, "run.stderr")
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen(args, stdout=out, stderr=err, cwd=self.dir, env=env)

    def metric_lines_so_far(self):
        with open(self.out_path, "rb") as f:
            return len(metric_lines(f.read().decode("utf-8", "replace")))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
            stuck = False
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            stuck = True
        with open(self.out_path, "rb") as f:
            self.stdout = f.read().decode("utf-8", "replace")
        with open(self.err_path, "rb") as f:
            self.stderr = f.read().decode("utf-8", "replace")
        if stuck:
            raise AssertionError("did not stop within 15 s on SIGTERM: %s" % self.stderr)
        return self


# how much longer than `seconds` a run may wait for its first lines (a
# loaded machine: the reference's Python start alone can take seconds)
SLOW_START_LIMIT = 30


def side_by_side(module, config, seconds, feed=None, interval=1, at_least=0):
    """Runs the monitor both ways at once for `seconds`, and then until both
    have written `at_least` metric lines (SLOW_START_LIMIT more seconds at
    most); feed(), if given, runs once both have started. Returns (ours,
    reference)."""
    ours = Run(True, PREFIX + module, config, interval)
    ref = Run(False, PREFIX + module, config, interval)
    try:
        if feed is not None:
            time.sleep(1.5)
            feed()
        time.sleep(seconds)
        deadline = time.monotonic() + SLOW_START_LIMIT
        while (time.monotonic() < deadline
               and min(ours.metric_lines_so_far(), ref.metric_lines_so_far()) < at_least):
            time.sleep(0.2)
    finally:
        ours.stop()
        ref.stop()
    return ours, ref


class ReferenceMonitorTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        if not have_reference():
            raise unittest.SkipTest("no reference checkout at %s (set SCALYR_REFERENCE_TREE to a "
                                    "scalyr-agent-2 2.2.22 tree): the side-by-side tests cannot run" % REF)

    def server(self, cls):
        server = cls()
        try:
            server.start()
        except servers.NotInstalled as e:
            server.stop()
            self.skipTest("%s: %s" % (cls.name, e))
        except BaseException:
            server.stop()
            raise
        self.addCleanup(server.stop)
        return server

    def compare(self, ours, ref, at_least=1):
        """Same metric-line signatures; our diagnostics have no error."""
        mine, theirs = metric_lines(ours.stdout), metric_lines(ref.stdout)
        self.assertGreaterEqual(len(theirs), at_least, "reference wrote too few lines:\n" + ref.stdout + ref.stderr)
        self.assertGreaterEqual(len(mine), at_least, "we wrote too few lines:\n" + ours.stdout + ours.stderr)
        self.assertEqual(signature(mine), signature(theirs),
                         "\n--- ours:\n%s\n--- reference:\n%s" % (ours.stdout, ref.stdout))
        self.assertNotRegex(ours.stderr, r"\] (ERROR|CRITICAL) |Traceback", ours.stderr)
        return mine, theirs

    # -- monitors without a server package -------------------------------

    def test_shell_monitor(self):
        config = {"command": "echo 42; echo second line", "log_all_lines": True, "extract": "(\\d+)"}
        ours, ref = side_by_side("shell_monitor", config, 2.5, at_least=1)
        mine, theirs = self.compare(ours, ref, at_least=2)
        # the same lines but for the time (duration is in whole seconds: 0)
        self.assertEqual(without_time(mine[:1]), without_time(theirs[:1]))
        self.assertEqual(mine[0][2:4], ("output", "42"))

    def test_url_monitor(self):
        http = self.server(servers.HttpServer)
        url = "http://127.0.0.1:%d/" % http.port
        ours, ref = side_by_side("url_monitor", {"url": url, "id": "page"}, 2.5, at_least=1)
        mine, theirs = self.compare(ours, ref, at_least=2)
        self.assertEqual(without_time(mine[:1]), without_time(theirs[:1]))
        self.assertEqual(mine[0][1:4], ("url_monitor(page)", "response", "<html>scalyr reference test page</html>"))
        self.assertEqual(mine[0][4]["status"], 200)

    def test_error_lines_name_their_source(self):
        """nginx_monitor with nothing listening: its error lines, with their
        source `[scalyr_agent.builtin_monitors.nginx_monitor:<line>]`, equal
        the reference's but for the time."""
        url = "http://127.0.0.1:%d/nginx_status" % servers.free_port()
        ours, ref = side_by_side("nginx_monitor", {"status_url": url}, 1.5)

        def errors(text):
            return sorted({line[25:] for line in text.splitlines() if DIAG.match(line) and " ERROR " in line})

        mine = errors(ours.stderr)
        self.assertTrue(mine, ours.stderr)
        self.assertEqual(mine, errors(ref.stdout))
        self.assertIn("ERROR [monitor:nginx_monitor()] [scalyr_agent.builtin_monitors.nginx_monitor:370] "
                      "No data returned.", mine)

    def test_graphite_monitor(self):
        # the two runs cannot share ports: each gets its own
        ours_ports = (servers.free_port(), servers.free_port())
        ref_ports = (servers.free_port(), servers.free_port())
        ours = Run(True, PREFIX + "graphite_monitor", {"plaintext_port": ours_ports[0], "pickle_port": ours_ports[1]})
        ref = Run(False, PREFIX + "graphite_monitor", {"plaintext_port": ref_ports[0], "pickle_port": ref_ports[1]})
        try:
            for text, pick in (ours_ports, ref_ports):
                send_graphite(text, pick)
            time.sleep(1.0)
        finally:
            ours.stop()
            ref.stop()
        mine, theirs = self.compare(ours, ref, at_least=4)
        self.assertEqual(without_time(mine), without_time(theirs))
        self.assertEqual(len(mine), 4)
        self.assertIn(("graphite_monitor()", "pick.b", "8.25", '{"orig_time": 1700000003.0}'), without_time(mine))
        # the bad line's warning, with the reference's source
        self.assertRegex(ours.stderr, r"WARNING \[monitor:graphite_monitor\(\)\] "
                                      r"\[scalyr_agent\.builtin_monitors\.graphite_monitor:\d+\] "
                                      r"\[error=\"graphite_monitor/badPlainTextLine\"\]")

    def test_syslog_monitor_tcp_and_udp(self):
        runs = []
        for ours in (True, False):
            tcp, udp = servers.free_port(), servers.free_port(socket.SOCK_DGRAM)
            run = Run(ours, PREFIX + "syslog_monitor", {"protocols": "tcp:%d, udp:%d" % (tcp, udp)})
            runs.append((run, tcp, udp))
        try:
            for run, tcp, udp in runs:
                send_syslog(tcp, udp)
            time.sleep(1.0)
        finally:
            for run, _, _ in runs:
                run.stop()
        contents = []
        for run, _, _ in runs:
            path = os.path.join(run.dir, "agent_syslog.log")
            self.assertTrue(os.path.exists(path), run.stdout + run.stderr)
            with open(path) as f:
                contents.append(sorted(f.read().splitlines()))
        self.assertEqual(contents[0], contents[1])
        self.assertEqual(contents[0], ["<13>Dec  4 10:00:00 host app: hello over tcp",
                                       "<13>Dec  4 10:00:01 host app: hello over udp"])

    # -- monitors of servers from Debian -------------------------------

    def test_nginx_monitor(self):
        nginx = self.server(servers.Nginx)
        url = "http://127.0.0.1:%d/nginx_status" % nginx.port
        mine, _ = self.compare(*side_by_side("nginx_monitor", {"status_url": url}, 2.5, at_least=4), at_least=4)
        self.assertIn("nginx.connections.active", {m[2] for m in mine})

    def test_apache_monitor(self):
        apache = self.server(servers.Apache)
        url = "http://127.0.0.1:%d/server-status/?auto" % apache.port
        mine, _ = self.compare(*side_by_side("apache_monitor", {"status_url": url}, 2.5, at_least=4), at_least=4)
        self.assertIn("apache.workers.active", {m[2] for m in mine})

    def test_redis_monitor(self):
        redis = self.server(servers.Redis)
        config = {"hosts": [{"host": "127.0.0.1", "port": redis.port}]}
        # every command is slow: the monitor reports the slow log
        with socket.create_connection(("127.0.0.1", redis.port), timeout=5) as conn:
            conn.sendall(b"CONFIG SET slowlog-log-slower-than 0\r\n")
            self.assertEqual(conn.recv(64), b"+OK\r\n")
        mine, _ = self.compare(*side_by_side("redis_monitor", config, 2.5, at_least=2), at_least=2)
        self.assertEqual({(m[2], m[3]) for m in mine}, {("redis", "slowlog")})

    def test_mysql_monitor(self):
        db = self.server(servers.MariaDB)
        config = {"database_hostport": "127.0.0.1:%d" % db.port, "database_username": "root",
                  "database_password": ""}
        mine, _ = self.compare(*side_by_side("mysql_monitor", config, 2.5, at_least=10), at_least=10)
        self.assertIn("mysql.global.uptime", {m[2] for m in mine})

    def test_postgres_monitor(self):
        db = self.server(servers.Postgres)
        config = {"database_host": "127.0.0.1", "database_port": db.port, "database_name": "postgres",
                  "database_username": "postgres", "database_password": "x"}
        mine, _ = self.compare(*side_by_side("postgres_monitor", config, 2.5, at_least=2), at_least=2)
        self.assertTrue(any(m[2].startswith("postgres.") for m in mine))

    def test_openmetrics_monitor(self):
        exporter = self.server(servers.NodeExporter)
        config = {"url": "http://127.0.0.1:%d/metrics" % exporter.port,
                  "metric_name_include_list": ["node_load1", "node_memory_MemTotal_bytes", "node_uname_info"]}
        mine, _ = self.compare(*side_by_side("openmetrics_monitor", config, 2.5, at_least=3), at_least=3)
        self.assertIn("node_load1", {m[2] for m in mine})

    def test_snmp_monitor(self):
        snmpd = self.server(servers.Snmpd)
        config = {"oid_groups": {"system": ["1.3.6.1.2.1.1.6.0", "1.3.6.1.2.1.1.4.0"]},
                  "poll_targets": [{"targets": [{"host": "127.0.0.1", "port": snmpd.port}],
                                    "oids": ["system"], "version": "SNMPv2", "community": "public"}]}
        ours, ref = side_by_side("snmp_monitor", config, 2.5, at_least=2)
        mine, theirs = metric_lines(ours.stdout), metric_lines(ref.stdout)
        self.assertGreaterEqual(len(mine), 2, ours.stdout + ours.stderr)
        self.assertGreaterEqual(len(theirs), 2, ref.stdout + ref.stderr)
        # The reference runs its bundled pysnmp, whose older OID rendering
        # gives `sysLocation."0"` (repaired into `sysLocation._0_`); Debian's
        # python3-pysnmp4 gives `sysLocation.0`. The rest is the same.
        def normal(parsed):
            return {(inst, metric.replace("._0_", ".0"), value, fields["oid"].replace('"', ""), fields["poll_target"])
                    for _, inst, metric, value, fields in parsed}
        self.assertEqual(normal(mine), normal(theirs))
        self.assertIn(("snmp_monitor()", "SNMPv2-MIB__sysLocation.0", "scalyr-test-lab",
                       "SNMPv2-MIB::sysLocation.0", "127.0.0.1:%d" % snmpd.port), normal(mine))

    def test_tomcat_monitor(self):
        """Debian 12's Tomcat 10 on Java 17: the reference's tomcat_monitor
        reads the manager's status page but its patterns are Tomcat 7's
        ("Free memory:", "Current thread busy:", the CMS memory pools), so
        it reports nothing, both ways alike; and it cannot send credentials
        under Python >= 3.9 (base64.encodestring), both ways with the same
        error lines."""
        tomcat = self.server(servers.Tomcat)
        ours, ref = side_by_side("tomcat_monitor", {"monitor_url": tomcat.status_url}, 2.5)
        self.assertEqual(metric_lines(ours.stdout), [], ours.stdout)
        self.assertEqual(metric_lines(ref.stdout), [], ref.stdout)
        self.assertNotRegex(ours.stderr, r"\] (ERROR|CRITICAL) |Traceback", ours.stderr)
        self.assertNotRegex(ref.stdout + ref.stderr, r"\] (ERROR|CRITICAL) |Traceback", ref.stdout + ref.stderr)
        self.assertIn("] Monitor has finished", ours.stderr)
        self.assertIn("] Monitor has finished", ref.stdout)

        config = {"monitor_url": tomcat.status_url, "monitor_user": tomcat.username,
                  "monitor_password": tomcat.password}
        ours, ref = side_by_side("tomcat_monitor", config, 1.5)

        def errors(text):
            return sorted({line[25:] for line in text.splitlines() if DIAG.match(line) and " ERROR " in line})

        mine = errors(ours.stderr)
        self.assertEqual(mine, errors(ref.stdout))
        self.assertEqual(mine, ["ERROR [monitor:tomcat_monitor()] [scalyr_agent.builtin_monitors.tomcat_monitor:471] "
                                "An error occurred attempting to request the server status: "
                                "module 'base64' has no attribute 'encodestring'"])

    # -- the same monitors in scalyr-agent -------------------------------

    def test_in_scalyr_agent(self):
        """url, shell, graphite and syslog monitors from the reference tree in
        our agent: metric logs with the lines run-monitor wrote, syslog's
        own file next to them."""
        http = self.server(servers.HttpServer)
        home = tempfile.mkdtemp(prefix="scalyr-ref-agent-")
        text_port, pickle_port = servers.free_port(), servers.free_port()
        tcp, udp = servers.free_port(), servers.free_port(socket.SOCK_DGRAM)
        config = {
            "agent_log_path": home + "/log", "agent_data_path": home + "/data",
            "implicit_metric_monitor": False, "implicit_agent_process_metrics_monitor": False,
            "global_monitor_sample_interval_enable_jitter": False,
            "additional_monitor_module_paths": REF,
            "monitors": [
                {"module": PREFIX + "url_monitor", "url": "http://127.0.0.1:%d/" % http.port, "sample_interval": 1},
                {"module": PREFIX + "shell_monitor", "command": "echo 42", "sample_interval": 1},
                {"module": PREFIX + "graphite_monitor", "plaintext_port": text_port, "pickle_port": pickle_port},
                {"module": PREFIX + "syslog_monitor", "protocols": "tcp:%d, udp:%d" % (tcp, udp)},
            ],
        }
        path = os.path.join(home, "agent.json")
        with open(path, "w") as f:
            json.dump(config, f)
        agent = subprocess.Popen([AGENT, "--config", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            send_graphite(text_port, pickle_port)
            send_syslog(tcp, udp)
            time.sleep(1.5)
        finally:
            agent.send_signal(signal.SIGTERM)
            out = agent.communicate(timeout=20)[0].decode(errors="replace")
        self.assertEqual(agent.returncode, 0, out)
        log = os.path.join(home, "log")

        def read(name):
            with open(os.path.join(log, name)) as f:
                return f.read()

        agent_log = read("agent.log")
        self.assertNotRegex(agent_log, r" (ERROR|CRITICAL) ", agent_log)
        shell = metric_lines(read("shell_monitor.log"))
        self.assertGreaterEqual(len(shell), 2, agent_log)
        self.assertEqual(shell[0][1:4], ("shell_monitor()", "output", "42"))
        url = metric_lines(read("url_monitor.log"))
        self.assertEqual(url[0][1:4], ("url_monitor()", "response", "<html>scalyr reference test page</html>"))
        graphite = without_time(metric_lines(read("graphite_monitor.log")))
        self.assertIn(("graphite_monitor()", "foo.bar", "12.5", '{"orig_time": 1700000000.0}'), graphite)
        self.assertEqual(len(graphite), 4)
        self.assertEqual(sorted(read("agent_syslog.log").splitlines()),
                         ["<13>Dec  4 10:00:00 host app: hello over tcp",
                          "<13>Dec  4 10:00:01 host app: hello over udp"])
        self.assertRegex(agent_log, r"WARNING \[monitor:graphite_monitor\(\)\] "
                                    r"\[scalyr_agent\.builtin_monitors\.graphite_monitor:\d+\]")

    def test_native_linux_metrics_win(self):
        """With the reference tree on the module path the native
        linux_system_metrics is used, and --inspect says so."""
        out = subprocess.run([RUN_MONITOR, "-p", REF, "--inspect", PREFIX + "linux_system_metrics"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30).stdout.decode()
        self.assertIn("Type:        ScalyrLinuxSystemMetrics", out)
        self.assertIn("Language:    C\n", out)
        self.assertRegex(out, r"File: +\S+/linux_system_metrics\.so\n")
        self.assertRegex(out, r"Replaces: +\S+/scalyr_agent/builtin_monitors/linux_system_metrics\.py ")
        run = Run(True, PREFIX + "linux_process_metrics", {"pid": "$$", "id": "me"})
        time.sleep(1.5)
        run.stop()
        lines = metric_lines(run.stdout)
        self.assertIn("app.mem.bytes", {m[2] for m in lines}, run.stdout + run.stderr)
        self.assertEqual({m[1] for m in lines}, {"linux_process_metrics(me)"})


def _retry_connect(address, kind=socket.SOCK_STREAM, deadline=10.0):
    end = time.monotonic() + deadline
    while True:
        try:
            if kind == socket.SOCK_STREAM:
                return socket.create_connection(address, timeout=2)
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            return s
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


def send_graphite(text_port, pickle_port):
    s = _retry_connect(("127.0.0.1", text_port))
    s.sendall(b"foo.bar 12.5 1700000000\nbaz 3 1700000001\nbad line\n")
    s.close()
    data = pickle.dumps([("pick.a", (1700000002, 7)), ("pick.b", (1700000003, 8.25))], protocol=2)
    s = _retry_connect(("127.0.0.1", pickle_port))
    s.sendall(struct.pack("!I", len(data)) + data)
    s.close()


def send_syslog(tcp, udp):
    s = _retry_connect(("127.0.0.1", tcp))
    s.sendall(b"<13>Dec  4 10:00:00 host app: hello over tcp\n")
    s.close()
    # UDP: the server may not be bound yet when TCP already is; send until
    # the datagram could have been received (the test checks the file)
    time.sleep(0.3)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b"<13>Dec  4 10:00:01 host app: hello over udp", ("127.0.0.1", udp))
    u.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
