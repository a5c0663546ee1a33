# SPDX-License-Identifier: Apache-2.0
"""The parts of the reference agent's scalyr_agent.util that monitors and
their tests use: RunState, StoppableThread, the JSON helpers and a few
small functions."""
import json
import os
import shutil
import threading
import time

# json_encode sorts keys when set (the reference's tests set it).
SORT_KEYS = False

_json_library = "json"


def set_json_lib(name):
    """Chooses the JSON library: only the standard `json` is used here
    (the project writes metric values in its form whatever is installed)."""
    global _json_library
    if name not in ("json", "orjson", "auto"):
        raise ValueError("Unsupported json library %s" % name)
    _json_library = "json"


def get_json_lib():
    return _json_library


def _plain(value):
    from scalyr_agent.json_lib.objects import JsonArray, JsonObject

    if isinstance(value, JsonObject):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (JsonArray, list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def json_encode(obj, output=None, binary=False):
    """JSON text of obj (JsonObject and JsonArray included), written to
    output if given; bytes when binary."""
    text = json.dumps(_plain(obj), sort_keys=SORT_KEYS, separators=(",", ":"))
    if binary:
        text = text.encode("utf-8")
    if output is not None:
        output.write(text)
        return None
    return text


def json_decode(text):
    """Standard JSON text as plain Python values."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return json.loads(text)


def json_scalyr_config_decode(text):
    """The agent's relaxed configuration JSON as JsonObject / JsonArray."""
    from scalyr_agent.json_lib import parse

    return parse(text)


def value_to_bool(value):
    """The reference's truthiness of configuration values."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "f", "no", "n")
    return bool(value)


def get_parser_from_config(base_config, attributes, default_parser):
    """The `parser` of a log: base_config.attributes.parser, then
    base_config.parser, then attributes.parser, then default_parser."""
    if "attributes" in base_config and "parser" in base_config["attributes"]:
        return base_config["attributes"]["parser"]
    if "parser" in base_config:
        return base_config["parser"]
    if "parser" in attributes:
        return attributes["parser"]
    return default_parser


def rmtree(path):
    """Removes a directory tree, ignoring a missing one."""
    shutil.rmtree(path, ignore_errors=True)


def read_file_as_json(path, strict_utf8=False):
    from scalyr_agent.json_lib import parse

    with open(path, "rb") as f:
        return parse(f.read())


def atomic_write_dict_as_json_file(file_path, tmp_path, info):
    with open(tmp_path, "w") as f:
        f.write(json_encode(info))
    os.replace(tmp_path, file_path)


class RunState(object):
    """Whether something should keep running; sleeps that end when it stops.

    A monitor's `_run_state` is backed by the monitor itself (see
    ScalyrMonitor), so that stopping it from C or Python wakes its sleeps
    and runs the callbacks registered with register_on_stop_callback."""

    def __init__(self, monitor=None, fake_clock=None):
        self._monitor = monitor
        self._condition = threading.Condition()
        self._running = True
        self._callbacks = []

    def is_running(self):
        if self._monitor is not None:
            return not self._monitor.is_stopping()
        with self._condition:
            return self._running

    def sleep_but_awaken_if_stopped(self, timeout):
        """Sleeps up to timeout seconds; returns True if stopped meanwhile."""
        if self._monitor is not None:
            return self._monitor.sleep(float(timeout))
        deadline = time.monotonic() + timeout
        with self._condition:
            while self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._condition.wait(left)
            return not self._running

    def stop(self):
        if self._monitor is not None:
            # the monitor's stop runs _run_stop_callbacks
            self._monitor.stop(wait_on_join=False)
            self._run_stop_callbacks()
            return
        self._run_stop_callbacks()

    def _run_stop_callbacks(self):
        with self._condition:
            self._running = False
            self._condition.notify_all()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def register_on_stop_callback(self, callback):
        with self._condition:
            if self._running:
                self._callbacks.append(callback)
                return
        callback()

    def remove_on_stop_callback(self, callback):
        with self._condition:
            if callback in self._callbacks:
                self._callbacks.remove(callback)


class StoppableThread(threading.Thread):
    """A thread with a RunState, stopped with stop(); `target`, if given,
    is called with the RunState."""

    _name_prefix = None

    def __init__(self, name=None, target=None, fake_clock=None, is_daemon=False):
        if name is not None and StoppableThread._name_prefix is not None:
            name = StoppableThread._name_prefix + name
        threading.Thread.__init__(self, name=name)
        self.daemon = is_daemon
        self._run_state = RunState(fake_clock=fake_clock)
        self.__target = target
        self.__exception_info = None

    @staticmethod
    def set_name_prefix(name_prefix):
        StoppableThread._name_prefix = name_prefix

    def run_and_propagate(self):
        if self.__target is not None:
            self.__target(self._run_state)

    def run(self):
        import sys

        try:
            self.run_and_propagate()
        except Exception:
            self.__exception_info = sys.exc_info()
            raise

    def is_running(self):
        return self._run_state.is_running()

    def stop(self, wait_on_join=True, join_timeout=5):
        self._run_state.stop()
        if wait_on_join:
            self.join(join_timeout)

    def isAlive(self):
        return self.is_alive()
