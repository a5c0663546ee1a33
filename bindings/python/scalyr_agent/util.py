# SPDX-License-Identifier: Apache-2.0
"""RunState and StoppableThread of the reference agent."""
import threading


class RunState(object):
    """Whether something should keep running; sleeps that end when it stops.

    A monitor's `_run_state` is backed by the monitor itself (see
    ScalyrMonitor), so that stopping it from C or Python wakes its sleeps."""

    def __init__(self, monitor=None):
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
        with self._condition:
            if self._running:
                self._condition.wait(timeout)
            return not self._running

    def stop(self):
        if self._monitor is not None:
            self._monitor.stop(wait=False)
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


class StoppableThread(threading.Thread):
    """A thread with a RunState, stopped with stop()."""

    def __init__(self, name=None, target=None, fake_clock=None, is_daemon=False):
        threading.Thread.__init__(self, name=name)
        self.daemon = is_daemon
        self._run_state = RunState()
        self.__target = target

    def run_and_propagate(self):
        if self.__target is not None:
            self.__target(self._run_state)

    def run(self):
        self.run_and_propagate()

    def is_running(self):
        return self._run_state.is_running()

    def stop(self, wait_on_join=True, join_timeout=5):
        self._run_state.stop()
        if wait_on_join:
            self.join(join_timeout)
