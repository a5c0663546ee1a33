# SPDX-License-Identifier: Apache-2.0
"""Real servers from Debian's packages for the side-by-side tests of the
reference's builtin monitors: each listens on 127.0.0.1 only, on a free
port, keeps its files in a temporary directory, starts within a bounded
time (ServerUnavailable otherwise) and is stopped by stop() (SIGTERM, then
SIGKILL). A server whose package is not installed raises NotInstalled."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


class NotInstalled(Exception):
    pass


class ServerUnavailable(Exception):
    pass


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need(*programs):
    for program in programs:
        if shutil.which(program) is None and not os.path.exists(program):
            raise NotInstalled("%s is not installed (Debian package missing)" % program)


def _wait_tcp(port, deadline, process=None, log=None):
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerUnavailable("exited with %s: %s" % (process.returncode, _tail(log)))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise ServerUnavailable("nothing listening on 127.0.0.1:%d in time: %s" % (port, _tail(log)))


def _tail(path):
    if path is None or not os.path.exists(path):
        return ""
    with open(path, errors="replace") as f:
        return f.read()[-2000:]


class Server(object):
    """One server process; start() returns self."""

    name = "server"
    start_timeout = 20

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="scalyr-ref-%s-" % self.name)
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        self.process = None
        self.log = os.path.join(self.dir, "server.log")

    def _spawn(self, args, user=None, env=None):
        if user is not None and os.geteuid() == 0:
            args = ["runuser", "-u", user, "--"] + args
        out = open(self.log, "ab")
        self.process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=self.dir, env=env,
                                        start_new_session=True)
        out.close()

    def start(self):
        raise NotImplementedError

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()


class HttpServer(Server):
    """python3 -m http.server, for url_monitor."""

    name = "http"

    def start(self):
        import sys

        with open(os.path.join(self.dir, "index.html"), "w") as f:
            f.write("<html>scalyr reference test page</html>\n")
        self._spawn([sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1"])
        _wait_tcp(self.port, time.monotonic() + self.start_timeout, self.process, self.log)
        return self


class Nginx(Server):
    name = "nginx"

    def start(self):
        _need("nginx")
        conf = os.path.join(self.dir, "nginx.conf")
        temp = " ".join("%s_temp_path %s/%s;" % (k, self.dir, k)
                        for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(conf, "w") as f:
            f.write("daemon off; master_process off; worker_processes 1;\n"
                    + ("user root;\n" if os.geteuid() == 0 else "")
                    + "pid %s/nginx.pid; error_log %s/error.log;\n" % (self.dir, self.dir)
                    + "events { worker_connections 64; }\n"
                    + "http { access_log off; %s\n" % temp
                    + "  server { listen 127.0.0.1:%d; location /nginx_status { stub_status; } } }\n" % self.port)
        self._spawn(["nginx", "-c", conf, "-p", self.dir])
        _wait_tcp(self.port, time.monotonic() + self.start_timeout, self.process, self.log)
        return self


class Apache(Server):
    name = "apache"

    def start(self):
        _need("apache2")
        modules = "/usr/lib/apache2/modules"
        conf = os.path.join(self.dir, "httpd.conf")
        with open(conf, "w") as f:
            f.write("ServerRoot %s\nServerName localhost\nListen 127.0.0.1:%d\n" % (self.dir, self.port)
                    + "".join("LoadModule %s_module %s/mod_%s.so\n" % (m, modules, m)
                              for m in ("mpm_event", "authz_core", "status"))
                    + "PidFile %s/httpd.pid\nErrorLog %s/error.log\n" % (self.dir, self.dir)
                    + "DefaultRuntimeDir %s\nMutex file:%s default\n" % (self.dir, self.dir)
                    + ("User nobody\nGroup nogroup\n" if os.geteuid() == 0 else "")
                    + "ExtendedStatus On\n<Location /server-status>\n SetHandler server-status\n"
                    + " Require all granted\n</Location>\n")
        self._spawn(["apache2", "-f", conf, "-DFOREGROUND"])
        _wait_tcp(self.port, time.monotonic() + self.start_timeout, self.process, self.log)
        return self


class Redis(Server):
    name = "redis"

    def start(self):
        _need("redis-server")
        self._spawn(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                     "--appendonly", "no", "--dir", self.dir, "--daemonize", "no"])
        _wait_tcp(self.port, time.monotonic() + self.start_timeout, self.process, self.log)
        return self


class MariaDB(Server):
    name = "mariadb"
    start_timeout = 60

    def start(self):
        _need("mariadb-install-db", "mariadbd")
        data = os.path.join(self.dir, "data")
        user = "root" if os.geteuid() == 0 else None
        install = ["mariadb-install-db", "--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
                   "--skip-test-db"] + (["--user=root"] if user else [])
        result = subprocess.run(install, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
        if result.returncode != 0:
            raise ServerUnavailable("mariadb-install-db failed: %s" % result.stdout.decode(errors="replace")[-2000:])
        self.socket = os.path.join(self.dir, "mysqld.sock")
        self._spawn(["mariadbd", "--no-defaults", "--datadir=" + data, "--socket=" + self.socket,
                     "--port=%d" % self.port, "--bind-address=127.0.0.1", "--skip-name-resolve",
                     "--pid-file=" + os.path.join(self.dir, "mysqld.pid"), "--innodb-buffer-pool-size=16M"]
                    + (["--user=root"] if user else []))
        _wait_tcp(self.port, time.monotonic() + self.start_timeout, self.process, self.log)
        return self


class Postgres(Server):
    name = "postgres"
    start_timeout = 60

    def _bin(self, program):
        import glob

        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + program))
        if not found:
            raise NotInstalled("postgresql is not installed (Debian package missing)")
        return found[-1]

    def start(self):
        initdb, postgres = self._bin("initdb"), self._bin("postgres")
        user = "postgres" if os.geteuid() == 0 else None
        data = os.path.join(self.dir, "data")
        if user:
            shutil.chown(self.dir, user)
        args = [initdb, "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]
        if user:
            args = ["runuser", "-u", user, "--"] + args
        result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
        if result.returncode != 0:
            raise ServerUnavailable("initdb failed: %s" % result.stdout.decode(errors="replace")[-2000:])
        self._spawn([postgres, "-D", data, "-h", "127.0.0.1", "-p", str(self.port), "-k", self.dir,
                     "-c", "fsync=off"], user=user)
        deadline = time.monotonic() + self.start_timeout
        _wait_tcp(self.port, deadline, self.process, self.log)
        return self


class NodeExporter(Server):
    name = "node-exporter"

    def start(self):
        _need("prometheus-node-exporter")
        self._spawn(["prometheus-node-exporter", "--web.listen-address=127.0.0.1:%d" % self.port,
                     "--collector.disable-defaults", "--collector.loadavg", "--collector.meminfo",
                     "--collector.uname", "--collector.time"])
        _wait_tcp(self.port, time.monotonic() + self.start_timeout, self.process, self.log)
        return self


class Snmpd(Server):
    name = "snmpd"

    def start(self):
        _need("snmpd")
        self.port = free_port(socket.SOCK_DGRAM)
        conf = os.path.join(self.dir, "snmpd.conf")
        with open(conf, "w") as f:
            f.write("rocommunity public 127.0.0.1\nsysLocation scalyr-test-lab\nsysContact test@localhost\n")
        self._spawn(["snmpd", "-f", "-Lo", "-C", "-c", conf, "-p", os.path.join(self.dir, "snmpd.pid"),
                     "udp:127.0.0.1:%d" % self.port])
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerUnavailable("snmpd exited: %s" % _tail(self.log))
            if shutil.which("snmpget") is None:
                time.sleep(1.0)
                return self
            probe = subprocess.run(["snmpget", "-v2c", "-c", "public", "-t", "0.5", "-r", "0",
                                    "127.0.0.1:%d" % self.port, "1.3.6.1.2.1.1.6.0"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if probe.returncode == 0:
                return self
            time.sleep(0.2)
        raise ServerUnavailable("snmpd did not answer in time: %s" % _tail(self.log))


class Tomcat(Server):
    """A private Tomcat 10 (Debian's tomcat10 + tomcat10-admin): its own
    CATALINA_BASE in the temporary directory, an HTTP connector on
    127.0.0.1 only, no shutdown port, the manager app with its status page
    open (see below) and one manager-status user. Debian's system service (port 8080) is neither
    used nor needed."""

    name = "tomcat"
    start_timeout = 60
    home = "/usr/share/tomcat10"
    manager = "/usr/share/tomcat10-admin/manager"
    username = "statusmon"
    password = "getstatus"

    @property
    def status_url(self):
        return "http://127.0.0.1:%d/manager/status" % self.port

    def start(self):
        import base64
        import urllib.error
        import urllib.request

        _need(os.path.join(self.home, "bin", "catalina.sh"), os.path.join(self.manager, "WEB-INF", "web.xml"))
        if shutil.which("java") is None:
            raise NotInstalled("java is not installed (tomcat10's JRE dependency missing)")
        conf = os.path.join(self.dir, "conf")
        for sub in ("conf/Catalina/localhost", "logs", "temp", "webapps", "work"):
            os.makedirs(os.path.join(self.dir, sub))
        shutil.copy(os.path.join(self.home, "etc", "web.xml")
                    if os.path.exists(os.path.join(self.home, "etc", "web.xml")) else "/etc/tomcat10/web.xml", conf)
        with open(os.path.join(conf, "server.xml"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                    '<Server port="-1" shutdown="SHUTDOWN">\n'
                    '  <GlobalNamingResources>\n'
                    '    <Resource name="UserDatabase" auth="Container" type="org.apache.catalina.UserDatabase"\n'
                    '              factory="org.apache.catalina.users.MemoryUserDatabaseFactory"\n'
                    '              pathname="conf/tomcat-users.xml" readonly="true"/>\n'
                    '  </GlobalNamingResources>\n'
                    '  <Service name="Catalina">\n'
                    '    <Connector address="127.0.0.1" port="%d" protocol="HTTP/1.1" connectionTimeout="20000"/>\n'
                    '    <Engine name="Catalina" defaultHost="localhost">\n'
                    '      <Realm className="org.apache.catalina.realm.UserDatabaseRealm" resourceName="UserDatabase"/>\n'
                    '      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false"/>\n'
                    '    </Engine>\n'
                    '  </Service>\n'
                    '</Server>\n' % self.port)
        with open(os.path.join(conf, "tomcat-users.xml"), "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tomcat-users>\n'
                    '  <role rolename="manager-status"/>\n'
                    '  <user username="%s" password="%s" roles="manager-status"/>\n'
                    '</tomcat-users>\n' % (self.username, self.password))
        # The reference's tomcat_monitor cannot send credentials under
        # Python >= 3.9 (it calls base64.encodestring, removed in 3.9): the
        # manager app is deployed with its own web.xml minus the security
        # constraints (Context altDDName), so /manager/status answers
        # without them; the user above still works for other clients.
        import re

        with open(os.path.join(self.manager, "WEB-INF", "web.xml")) as f:
            descriptor = f.read()
        descriptor = re.sub(r"<(security-constraint|login-config|security-role)>.*?</\1>", "", descriptor,
                            flags=re.S)
        open_dd = os.path.join(self.dir, "manager-web.xml")
        with open(open_dd, "w") as f:
            f.write(descriptor)
        with open(os.path.join(conf, "Catalina", "localhost", "manager.xml"), "w") as f:
            f.write('<Context path="/manager" docBase="%s" altDDName="%s" antiResourceLocking="false" '
                    'privileged="true"/>\n' % (self.manager, open_dd))
        env = dict(os.environ, CATALINA_HOME=self.home, CATALINA_BASE=self.dir,
                   CATALINA_TMPDIR=os.path.join(self.dir, "temp"), CATALINA_OUT=self.log,
                   CATALINA_PID=os.path.join(self.dir, "tomcat.pid"),
                   JAVA_OPTS="-Xmx128m -Djava.awt.headless=true -Djava.security.egd=file:/dev/./urandom")
        # `run`: in the foreground, so that stop() ends it (SIGTERM to the group)
        self._spawn([os.path.join(self.home, "bin", "catalina.sh"), "run"], env=env)
        deadline = time.monotonic() + self.start_timeout
        _wait_tcp(self.port, deadline, self.process, self.log)
        # the connector listens once the webapps are deployed; still, wait
        # for the manager's status page to answer the user
        auth = base64.b64encode(("%s:%s" % (self.username, self.password)).encode()).decode()
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerUnavailable("tomcat exited with %s: %s" % (self.process.returncode, _tail(self.log)))
            request = urllib.request.Request(self.status_url, headers={"Authorization": "Basic " + auth})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError) as e:
                last = e
            time.sleep(0.3)
        raise ServerUnavailable("tomcat's %s did not answer within %d s (%s): %s"
                                % (self.status_url, self.start_timeout, last, _tail(self.log)))
