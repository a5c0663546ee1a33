#!/usr/bin/python3
"""End-to-end tests of the agent's OpenMetrics endpoint (issue 16), with the
real build-tree scalyr-agent, the real promtool and a real Prometheus server
from Debian's `prometheus` package, all on 127.0.0.1 and bounded in time.

- /openmetrics/promtool: with C (test_monitor, linux_system_metrics,
  linux_process_metrics), Python (py_counter, awkward_metrics) monitors
  running, `promtool check metrics` accepts /metrics in the 0.0.4 format (no
  error, no lint problem; it cannot read OpenMetrics), Prometheus's
  OpenMetrics parser (`promtool tsdb create-blocks-from openmetrics`) the
  OpenMetrics one, and every monitor's families are there.
- /openmetrics/status-agrees: `scalyr-agent status --json` and /metrics of the
  same snapshot (same status time) give the same figures.
- /openmetrics/prometheus: a real Prometheus scrapes the agent every second;
  its HTTP API gives an agent metric (the test monitor's sample count) and a
  monitor metric (py_counter's count), each of which must be a value the agent
  wrote in its metric logs (agent_metrics.log, counter-om.log).

Prints TAP. Needs SCALYR_AGENT and the build tree's loader paths (meson sets
them); /usr/bin/promtool and /usr/bin/prometheus (CI installs `prometheus`).
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

AGENT = os.environ["SCALYR_AGENT"]
HERE = os.path.dirname(os.path.abspath(__file__))
PY_MONITORS = os.path.join(os.path.dirname(HERE), "python", "monitors")
PROMTOOL = os.environ.get("PROMTOOL", "/usr/bin/promtool")
PROMETHEUS = os.environ.get("PROMETHEUS", "/usr/bin/prometheus")
PROM_ACCEPT = ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
               "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
DEADLINE = 60  # seconds any single wait may take

results = []


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, fn, timeout=DEADLINE, step=0.2):
    end = time.monotonic() + timeout
    last = None
    while time.monotonic() < end:
        try:
            value = fn()
            if value:
                return value
        except (OSError, ValueError, KeyError) as e:
            last = e
        time.sleep(step)
    raise AssertionError("timed out after %d s waiting for %s (last error: %r)" % (timeout, what, last))


def http_get(url, accept=None, timeout=5):
    req = urllib.request.Request(url)
    if accept is not None:
        req.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode("utf-8", "replace")


class Agent:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="test-openmetrics-")
        self.port = free_port()
        self.config = os.path.join(self.dir, "agent.json")
        self.log_dir = os.path.join(self.dir, "log")
        with open(self.config, "w") as f:
            f.write("""{
  agent_log_path: "log", agent_data_path: "data",
  implicit_metric_monitor: false, implicit_agent_process_metrics_monitor: false,
  global_monitor_sample_interval_enable_jitter: false,
  openmetrics_port: %d,
  telemetry_log_interval: 1,
  additional_monitor_module_paths: "%s:%s",
  monitors: [
    { module: "test_monitor", sample_interval: 1, openmetrics: true },
    { module: "linux_system_metrics", sample_interval: 1, openmetrics: true },
    { module: "linux_process_metrics", id: "agent", pid: "$$", sample_interval: 1, openmetrics: true },
    { module: "py_counter", label: "om", sample_interval: 1, openmetrics: true },
    { module: "awkward_metrics", sample_interval: 1, openmetrics: true },
  ]
}
""" % (self.port, HERE, PY_MONITORS))
        self.stderr = open(os.path.join(self.dir, "stderr"), "w+")
        self.proc = subprocess.Popen([AGENT, "--config", self.config], stdout=self.stderr, stderr=self.stderr,
                                     cwd=self.dir)
        self.url = "http://127.0.0.1:%d" % self.port

    def metrics(self, accept=PROM_ACCEPT):
        status, ctype, body = http_get(self.url + "/metrics", accept)
        if status != 200:
            raise ValueError("/metrics answered %d: %s" % (status, body[:200]))
        return ctype, body

    def read_log(self, name):
        try:
            with open(os.path.join(self.log_dir, name), encoding="utf-8", errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def diagnostics(self):
        self.stderr.flush()
        self.stderr.seek(0)
        return "stderr:\n%s\nagent.log (end):\n%s" % (self.stderr.read()[-3000:], self.read_log("agent.log")[-3000:])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def metric_values(log_text, metric, fields):
    """The values of the metric lines `<ts> [<monitor>] <metric> <value> k=v...` whose fields include
    `fields` (a dict of exact values as written: numbers bare, strings quoted)."""
    values = []
    for line in log_text.splitlines():
        m = re.match(r"^\S+ \S+ \[[^\]]*\] (\S+) (\S+)(.*)$", line)
        if m is None or m.group(1) != metric:
            continue
        rest = m.group(3)
        if all((" %s=%s" % (k, v)) in rest + " " for k, v in fields.items()):
            values.append(float(m.group(2)))
    return values


def parse_exposition(text):
    """{(name, frozenset(labels)): value} of an exposition (enough for our own output)."""
    series = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$', line)
        if m is None:
            raise ValueError("cannot parse sample line %r" % line)
        labels = frozenset(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
        series[(m.group(1), labels)] = float(m.group(4))
    return series


def find(series, name, **labels):
    want = set(labels.items())
    found = [v for (n, l), v in series.items() if n == name and want <= set(l)]
    if not found:
        raise KeyError("no %s%r in the exposition" % (name, labels))
    return found[0]


def promtool(text):
    """`promtool check metrics` (it reads the 0.0.4 text format only: Debian's 2.42 fails on any
    OpenMetrics-only line, `# TYPE x info` for one)."""
    p = subprocess.run([PROMTOOL, "check", "metrics"], input=text.encode("utf-8"), capture_output=True,
                       timeout=30)
    return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")


def promtool_openmetrics(text):
    """Prometheus's own OpenMetrics parser, through `promtool tsdb create-blocks-from openmetrics`
    (which wants a timestamp on every sample: the same one is added to each)."""
    stamped = []
    for line in text.splitlines():
        stamped.append(line if (not line or line.startswith("#")) else line + " 1700000000")
    with tempfile.TemporaryDirectory(prefix="test-om-blocks-") as d:
        path = os.path.join(d, "in.om")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(stamped) + "\n")
        p = subprocess.run([PROMTOOL, "tsdb", "create-blocks-from", "openmetrics", path, os.path.join(d, "out")],
                           capture_output=True, timeout=60)
        return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")


def test_promtool(agent):
    # every monitor's families are there, C, Python and the system's
    def complete():
        _, body = agent.metrics()
        return all(s in body for s in ('module="test_monitor"', "count_total{", "awkward_requests_served_total{",
                                       "proc_stat_cpu", "app_cpu", "scalyr_agent_monitor_samples_total"))
    wait_until("every monitor's metrics in /metrics", complete)
    for accept, want_type in ((PROM_ACCEPT, "application/openmetrics-text"), (None, "text/plain"),
                              ("text/plain;version=0.0.4", "text/plain")):
        ctype, body = agent.metrics(accept)
        assert ctype.startswith(want_type), "Accept %r answered %r" % (accept, ctype)
        if want_type.startswith("application/openmetrics"):
            assert body.endswith("# EOF\n"), "an OpenMetrics exposition must end with # EOF"
        if want_type.startswith("text/plain"):
            rc, out = promtool(body)
            assert rc == 0 and out.strip() == "", \
                "promtool check metrics (Accept %r) exit %d:\n%s\n--- the exposition:\n%s" % (accept, rc, out,
                                                                                              body[:4000])
        else:
            rc, out = promtool_openmetrics(body)
            assert rc == 0, "promtool tsdb create-blocks-from openmetrics exit %d:\n%s\n--- the exposition:\n%s" \
                % (rc, out[-3000:], body[:4000])
    # the awkward label values arrive escaped, and the field named monitor is kept apart from ours
    _, body = agent.metrics()
    for fragment in (r'path="quote\"d"', r'path="back\\slash"', r'path="new\nline"', 'path="\u00fcn\u00efcode \u2603"',
                     'exported_monitor="not this one"', 'monitor="awkward_metrics"'):
        assert fragment in body, "%r not in the exposition" % fragment


def test_status_agrees(agent):
    """`scalyr-agent status --json` and /metrics show the same figures for the same snapshot."""
    def same_snapshot():
        p = subprocess.run([AGENT, "--config", agent.config, "status", "--json"], capture_output=True, timeout=30)
        status = json.loads(p.stdout)
        _, body = agent.metrics("text/plain")
        series = parse_exposition(body)
        if abs(find(series, "scalyr_agent_status_time_seconds") - status["updated_time"]) > 1e-3:
            return None  # a refresh came between the two reads: try again
        return status, series
    status, series = wait_until("a status file and a scrape of the same snapshot", same_snapshot, step=0.05)
    for m in status["monitors"]:
        for member, name in (("samples", "scalyr_agent_monitor_samples_total"),
                             ("lines_written", "scalyr_agent_monitor_lines_written_total"),
                             ("errors", "scalyr_agent_monitor_errors_total")):
            got = find(series, name, monitor=m["name"])
            assert got == m[member], "%s of %s: status says %r, /metrics %r" % (member, m["name"], m[member], got)
    assert find(series, "process_resident_memory_bytes") == status["process"]["rss_bytes"]
    assert find(series, "scalyr_agent_log_lines_written_total") == status["agent_log"]["lines_written"]


def test_prometheus(agent):
    work = tempfile.mkdtemp(prefix="test-prometheus-")
    port = free_port()
    with open(os.path.join(work, "prometheus.yml"), "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                "scrape_configs:\n  - job_name: scalyr-agent\n    static_configs:\n"
                "      - targets: ['127.0.0.1:%d']\n" % agent.port)
    log = open(os.path.join(work, "prometheus.log"), "w+")
    prom = subprocess.Popen([PROMETHEUS, "--config.file=" + os.path.join(work, "prometheus.yml"),
                             "--storage.tsdb.path=" + os.path.join(work, "data"),
                             "--web.listen-address=127.0.0.1:%d" % port, "--log.level=warn"],
                            stdout=log, stderr=log, cwd=work)
    api = "http://127.0.0.1:%d/api/v1/query?query=" % port

    def query(expr):
        status, _, body = http_get(api + urllib.parse.quote(expr))
        if status != 200:
            raise ValueError("Prometheus answered %d: %s" % (status, body[:300]))
        result = json.loads(body)["data"]["result"]
        return float(result[0]["value"][1]) if result else None

    try:
        # the target is up: at least one scrape went well
        wait_until("Prometheus scraping the agent (up == 1)",
                   lambda: query('up{job="scalyr-agent"}') == 1)
        samples = wait_until("scalyr_agent_monitor_samples_total of test_monitor in Prometheus",
                             lambda: query('scalyr_agent_monitor_samples_total{module="test_monitor"}'))
        count = wait_until("py_counter's count_total in Prometheus",
                           lambda: query('count_total{monitor="py_counter",label="om"}'))
        # what Prometheus stored is what the agent wrote: the agent's own figure in its telemetry
        # metric log, the monitor's in its metric log
        written = metric_values(agent.read_log("agent_metrics.log"), "agent.monitor.samples",
                                {"monitor": '"test_monitor()"'})
        assert samples in written, "Prometheus has samples=%r; agent_metrics.log has %r" % (samples, written[-10:])
        counts = metric_values(agent.read_log("counter-om.log"), "count", {"label": '"om"'})
        assert count in counts, "Prometheus has count=%r; counter-om.log has %r" % (count, counts[-10:])
        # a few more scrapes keep them moving forward
        later = wait_until("a later sample count in Prometheus",
                           lambda: (query('scalyr_agent_monitor_samples_total{module="test_monitor"}') or 0) > samples)
        assert later > samples
    finally:
        prom.send_signal(signal.SIGTERM)
        try:
            prom.wait(timeout=20)
        except subprocess.TimeoutExpired:
            prom.kill()
            prom.wait()
        log.seek(0)
        prom_log = log.read()
        log.close()
        shutil.rmtree(work, ignore_errors=True)
        if prom.returncode not in (0, -signal.SIGTERM):
            print("# prometheus exited %r:\n# %s" % (prom.returncode, prom_log[-2000:].replace("\n", "\n# ")))


def main():
    tests = [("/openmetrics/promtool", test_promtool, PROMTOOL),
             ("/openmetrics/status-agrees", test_status_agrees, None),
             ("/openmetrics/prometheus", test_prometheus, PROMETHEUS)]
    print("1..%d" % len(tests))
    agent = Agent()
    failed = 0
    try:
        for i, (name, fn, needs) in enumerate(tests, 1):
            if needs is not None and not os.access(needs, os.X_OK):
                print("ok %d %s # SKIP %s is not installed (Debian package prometheus)" % (i, name, needs))
                continue
            start = time.monotonic()
            try:
                if agent.proc.poll() is not None:
                    raise AssertionError("the agent exited with %r" % agent.proc.returncode)
                fn(agent)
                print("ok %d %s # %.1f s" % (i, name, time.monotonic() - start))
            except Exception as e:  # noqa: BLE001 - every failure is reported in TAP
                failed += 1
                print("not ok %d %s" % (i, name))
                for line in ("%s: %s\n%s" % (type(e).__name__, e, agent.diagnostics())).splitlines():
                    print("# " + line)
            sys.stdout.flush()
    finally:
        agent.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
