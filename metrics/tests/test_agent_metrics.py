#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The agent's OpenMetrics listener (issue 16), end to end: the real
scalyr-agent with openmetrics_port on 127.0.0.1, real HTTP. /metrics and its
content types, gzip; /healthz healthy, with a failed monitor, with failing
uploads; 404, 405, 413; a port in use (the agent runs, says why, binds at the
next SIGHUP); SIGHUP moving the port or turning the listener off; off by
default (neither libsoup nor the module mapped); 300 idle connections do not
keep a scraper out; 1 MB of request headers are refused; the telemetry lines
in agent_metrics.log. Every wait is bounded."""
import gzip
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

AGENT = os.environ["SCALYR_AGENT"]
PROMETHEUS_ACCEPT = ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                     "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8"
OPENMETRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, predicate, limit=10.0, step=0.05):
    deadline = time.monotonic() + limit
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("not within %g s: %s" % (limit, what))
        time.sleep(step)


def request(port, method="GET", path="/metrics", headers=None, body=None, timeout=5.0):
    """(status, headers as a dict with lower-case names, body bytes)"""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def answers(port):
    try:
        return request(port, path="/healthz", timeout=1.0)[0] in (200, 503)
    except OSError:
        return False


class Agent:
    """A scalyr-agent in a temporary directory of its own."""

    def __init__(self, test, **config):
        self.test = test
        self.dir = tempfile.mkdtemp(prefix="agent-metrics-")
        os.chmod(self.dir, 0o700)
        self.log_dir = os.path.join(self.dir, "log")
        self.data_dir = os.path.join(self.dir, "data")
        self.config_path = os.path.join(self.dir, "agent.json")
        self.config = {
            "agent_log_path": self.log_dir,
            "agent_data_path": self.data_dir,
            "implicit_metric_monitor": False,
            "implicit_agent_process_metrics_monitor": False,
            "implicit_agent_log_collection": False,
            "monitors": [{"module": "test_monitor", "gauss_mean": 1, "sample_interval": 1}],
        }
        self.config.update(config)
        self.write_config()
        self.proc = None
        test.addCleanup(self.cleanup)

    def write_config(self):
        with open(self.config_path + ".new", "w") as f:
            json.dump(self.config, f)
        os.chmod(self.config_path + ".new", 0o600)
        os.rename(self.config_path + ".new", self.config_path)

    def start(self):
        with open(os.path.join(self.dir, "stderr"), "w") as stderr:
            self.proc = subprocess.Popen([AGENT, "-c", self.config_path], stdout=subprocess.DEVNULL, stderr=stderr)
        wait_until("the first status", lambda: os.path.exists(self.status_path()) or self.proc.poll() is not None)
        if self.proc.poll() is not None:
            raise AssertionError("the agent ended: %s" % self.stderr())
        return self

    def stderr(self):
        with open(os.path.join(self.dir, "stderr")) as f:
            return f.read()

    def status_path(self):
        return os.path.join(self.data_dir, "agent-status.json")

    def status(self):
        with open(self.status_path()) as f:
            return json.load(f)

    def agent_log(self):
        try:
            with open(os.path.join(self.log_dir, "agent.log")) as f:
                return f.read()
        except OSError:
            return ""

    def rss_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            return int(next(line for line in f if line.startswith("VmRSS:")).split()[1])

    def maps(self):
        with open("/proc/%d/maps" % self.proc.pid) as f:
            return f.read()

    def reload(self, **config):
        self.config.update(config)
        self.write_config()
        reloads = self.status()["config"]["reloads"]
        self.proc.send_signal(signal.SIGHUP)
        wait_until("the reload", lambda: self.status()["config"]["reloads"] > reloads)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("the agent did not stop within 15 s")
        self.test.assertEqual(self.proc.returncode, 0, self.stderr())

    def cleanup(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class TestMetrics(unittest.TestCase):
    def agent(self, **config):
        self.port = free_port()
        agent = Agent(self, openmetrics_port=self.port, **config).start()
        wait_until("the listener", lambda: answers(self.port))
        return agent

    def test_content_types_and_gzip(self):
        agent = self.agent()
        status, headers, body = request(self.port)
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], PROMETHEUS_TYPE)
        self.assertEqual(headers["vary"], "Accept-Encoding")
        self.assertEqual(headers["connection"], "close")   # one request per connection
        self.assertNotIn("content-encoding", headers)

        status, headers, body = request(self.port, headers={"Accept": PROMETHEUS_ACCEPT})
        self.assertEqual(status, 200)
        # the negotiation is the renderer's: either type, and the body is of it
        self.assertIn(headers["content-type"], (PROMETHEUS_TYPE, OPENMETRICS_TYPE))
        self.assertEqual(body.endswith(b"# EOF\n"), headers["content-type"] == OPENMETRICS_TYPE)

        status, headers, zipped = request(self.port, headers={"Accept": PROMETHEUS_ACCEPT,
                                                              "Accept-Encoding": "gzip"})
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-encoding"], "gzip")
        self.assertEqual(gzip.decompress(zipped), body)
        status, headers, _ = request(self.port, headers={"Accept-Encoding": "gzip;q=0, identity"})
        self.assertNotIn("content-encoding", headers)

        status, headers, body = request(self.port, method="HEAD")
        self.assertEqual((status, body), (200, b""))
        self.assertEqual(headers["content-type"], PROMETHEUS_TYPE)

        status = agent.status()["openmetrics"]
        self.assertEqual((status["address"], status["port"], status["listening"]), ("127.0.0.1", self.port, True))
        self.assertNotIn("error", status)
        wait_until("the scrapes counted", lambda: agent.status()["openmetrics"]["scrapes"] >= 5)
        # `scalyr-agent status` shows where it listens and how much it is used
        text = subprocess.run([AGENT, "-c", agent.config_path, "status"], capture_output=True, text=True).stdout
        self.assertRegex(text, r"OpenMetrics: +http://127\.0\.0\.1:%d/metrics and /healthz, \d+ scrapes \(last 20"
                         % self.port)
        self.assertIn("OpenMetrics listener on 127.0.0.1 port %d" % self.port, agent.agent_log())
        self.assertNotIn("exposed", agent.agent_log())
        maps = agent.maps()
        self.assertIn("libscalyr-metrics-service.so", maps)
        self.assertNotIn("libscalyr-upload-service.so", maps)   # no api_key

    def test_healthz(self):
        self.agent()
        status, headers, body = request(self.port, path="/healthz")
        self.assertEqual((status, body), (200, b"ok\n"))
        self.assertEqual(headers["content-type"], "text/plain; charset=utf-8")
        self.assertEqual(request(self.port, method="HEAD", path="/healthz")[0], 200)

    def test_healthz_monitor_failed(self):
        self.agent(monitors=[{"module": "test_monitor", "gauss_mean": 1, "sample_interval": 1}, {"module": "no_such_monitor"}])
        status, headers, body = request(self.port, path="/healthz")
        self.assertEqual(status, 503)
        self.assertTrue(body.startswith(b"monitors-failed: 1 of 2 monitors failed: no_such_monitor() "), body)

    @unittest.skipUnless(os.environ.get("UPLOAD_SERVICE_DIR"), "the upload service is not built")
    def test_healthz_upload_failing(self):
        closed = free_port()
        agent = self.agent(api_key="test-key", scalyr_server="http://127.0.0.1:%d" % closed, allow_http=True,
                           min_request_spacing_interval=0.1, max_request_spacing_interval=0.2)
        body = wait_until("/healthz reports the failing uploads",
                          lambda: (lambda r: r[0] == 503 and r[2])(request(self.port, path="/healthz")), limit=20)
        self.assertTrue(body.startswith(b"upload-failing: uploads fail and none succeeded"), body)
        self.assertIn("libscalyr-upload-service.so", agent.maps())

    def test_not_found_and_methods(self):
        agent = self.agent()
        status, _, body = request(self.port, path="/nope")
        self.assertEqual(status, 404)
        self.assertIn(b"/metrics and /healthz", body)
        for method in ("POST", "PUT", "DELETE"):
            status, headers, _ = request(self.port, method=method, body=b"x")
            self.assertEqual(status, 405, method)
            self.assertEqual(headers["allow"], "GET, HEAD")
        # a body is refused, and not kept: 8 MB through a 1 MB address space margin
        before = agent.rss_kb()
        status, headers, _ = request(self.port, method="GET", body=b"x" * (8 << 20), timeout=10)
        self.assertEqual((status, headers["connection"]), (413, "close"))
        if "libasan" not in agent.maps():   # AddressSanitizer keeps what is freed a while
            self.assertLess(agent.rss_kb() - before, 4096)
        wait_until("the bad requests counted", lambda: agent.status()["openmetrics"]["bad_requests"] >= 5)

    def test_port_in_use(self):
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        blocker.bind(("127.0.0.1", 0))
        blocker.listen(1)
        port = blocker.getsockname()[1]
        agent = Agent(self, openmetrics_port=port).start()
        wait_until("the error in agent.log", lambda: "openmetricsNotStarted" in agent.agent_log())
        self.assertIn("cannot listen on 127.0.0.1 port %d (openmetrics_address, openmetrics_port)" % port,
                      agent.agent_log())
        self.assertIn("set openmetrics_port to a free port", agent.agent_log())
        status = agent.status()
        self.assertFalse(status["openmetrics"]["listening"])
        self.assertIn("openmetrics_port", status["openmetrics"]["error"])
        # the agent runs its monitors, and its health is not the listener's
        wait_until("the monitor samples", lambda: agent.status()["monitors"][0]["samples"] >= 1)
        shown = subprocess.run([AGENT, "-c", agent.config_path, "status"], capture_output=True, text=True)
        self.assertEqual(shown.returncode, 0)
        self.assertRegex(shown.stdout, r"OpenMetrics: +NOT LISTENING on 127\.0\.0\.1 port %d: .*openmetrics_port" % port)
        # the port is free again: a SIGHUP (the configuration unchanged) binds it
        blocker.close()
        agent.proc.send_signal(signal.SIGHUP)
        wait_until("the listener after SIGHUP", lambda: answers(port))
        wait_until("the status", lambda: agent.status()["openmetrics"]["listening"])
        self.assertNotIn("error", agent.status()["openmetrics"])

    def test_port_freed_without_reload(self):
        # the port is held when the agent starts (another process, or an old agent still stopping) and freed
        # later: the listener binds it by itself, without a SIGHUP
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        blocker.bind(("127.0.0.1", 0))
        blocker.listen(1)
        port = blocker.getsockname()[1]
        agent = Agent(self, openmetrics_port=port).start()
        wait_until("the error in agent.log", lambda: "openmetricsNotStarted" in agent.agent_log())
        self.assertIn("tries again every 5 s", agent.status()["openmetrics"]["error"])
        blocker.close()
        wait_until("the listener without a reload", lambda: answers(port), limit=15)
        wait_until("the status", lambda: agent.status()["openmetrics"]["listening"])
        self.assertNotIn("error", agent.status()["openmetrics"])
        self.assertEqual(agent.status()["config"]["reloads"], 0)
        self.assertIn("port %d: /metrics and /healthz (the port is free now)" % port, agent.agent_log())

    @unittest.skipUnless(socket.has_ipv6, "no IPv6")
    def test_bracketed_ipv6_address(self):
        # "[::1]" as URLs and Prometheus's targets write it was an unresolvable name
        port = free_port()
        agent = Agent(self, openmetrics_port=port, openmetrics_address="[::1]").start()
        try:
            socket.create_connection(("::1", 0), timeout=1)
        except ConnectionRefusedError:
            pass
        except OSError:
            self.skipTest("no IPv6 loopback")
        wait_until("the listener on ::1", lambda: agent.status().get("openmetrics", {}).get("listening"))
        self.assertEqual(agent.status()["openmetrics"]["address"], "::1")
        conn = http.client.HTTPConnection("::1", port, timeout=5)
        conn.request("GET", "/healthz")
        self.assertEqual(conn.getresponse().status, 200)
        conn.close()
        self.assertNotIn("exposed", agent.agent_log())

    def test_sighup_moves_and_stops(self):
        agent = self.agent()
        old = self.port
        new = free_port()
        agent.reload(openmetrics_port=new)
        wait_until("the new port", lambda: answers(new))
        self.assertFalse(answers(old))
        self.assertEqual(agent.status()["openmetrics"]["port"], new)
        agent.reload(openmetrics_port=0)
        wait_until("the listener closed", lambda: not answers(new))
        self.assertIn("the OpenMetrics listener stops", agent.agent_log())
        wait_until("no openmetrics status", lambda: "openmetrics" not in agent.status())

    def test_off_by_default(self):
        agent = Agent(self).start()
        wait_until("the monitor samples", lambda: agent.status()["monitors"][0]["samples"] >= 1)
        maps = agent.maps()
        self.assertNotIn("libsoup", maps)
        self.assertNotIn("libscalyr-metrics-service", maps)
        self.assertNotIn("libscalyr-upload-service", maps)
        self.assertNotIn("openmetrics", agent.status())
        listening = subprocess.run(["cat", "/proc/%d/net/tcp" % agent.proc.pid, "/proc/%d/net/tcp6" % agent.proc.pid],
                                   capture_output=True, text=True).stdout
        inodes = {os.readlink("/proc/%d/fd/%s" % (agent.proc.pid, fd))
                  for fd in os.listdir("/proc/%d/fd" % agent.proc.pid)}
        for line in listening.splitlines()[1:]:
            fields = line.split()
            if len(fields) > 9 and fields[3] == "0A":   # LISTEN
                self.assertNotIn("socket:[%s]" % fields[9], inodes)

    def test_idle_connections_do_not_lock_out(self):
        agent = self.agent()
        idle = []
        try:
            for _ in range(300):
                s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                idle.append(s)
            began = time.monotonic()
            status, _, _ = request(self.port, timeout=5)
            seconds = time.monotonic() - began
            self.assertEqual(status, 200)
            self.assertLess(seconds, 2.0)
            wait_until("the evictions counted", lambda: agent.status()["openmetrics"]["connections_evicted"] >= 40)
            self.assertLessEqual(agent.status()["openmetrics"]["connections"], 256)
        finally:
            for s in idle:
                s.close()
        wait_until("the connections closed", lambda: agent.status()["openmetrics"]["connections"] == 0)

    def test_huge_headers_refused(self):
        self.agent()
        s = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        answer = b""
        try:
            s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
            for i in range(1024):
                s.sendall(b"X-Filler-%d: %s\r\n" % (i, b"a" * 1000))
            s.sendall(b"\r\n")
        except OSError:
            pass   # closed on us before the end: refused
        try:
            answer = s.recv(4096)
        except OSError:
            pass
        finally:
            s.close()
        self.assertFalse(answer.startswith(b"HTTP/1.1 200"), answer[:200])
        if answer:
            self.assertRegex(answer[:12], rb"HTTP/1\.[01] 4\d\d")
        self.assertEqual(request(self.port)[0], 200)   # and the next scraper is served

    def test_telemetry_log(self):
        agent = self.agent(telemetry_log_interval=1)
        path = os.path.join(agent.log_dir, "agent_metrics.log")
        self.assertTrue(os.path.exists(path))
        if request(self.port)[2] == b"":
            self.skipTest("the renderer is the contract's placeholder: no telemetry lines yet")

        def lines():
            with open(path) as f:
                return [line for line in f if "[scalyr_agent()]" in line]
        first = wait_until("telemetry lines", lines, limit=5)
        wait_until("a second round of lines", lambda: len(lines()) >= 2 * len(first), limit=5)


if __name__ == "__main__":
    unittest.main(verbosity=2)
