# SPDX-License-Identifier: Apache-2.0
"""AutoFlushingRotatingUniqueFileHandler: a logging handler writing to
PATH.0 .. PATH.<n-1> in turn (see _unique_files), flushing at most once
every flushDelay seconds."""
import logging
import os
import threading

from scalyr_agent._rotating_handler import AutoFlushingRotatingFileHandler
from scalyr_agent.monitor_utils import _unique_files


class AutoFlushingRotatingUniqueFileHandler(AutoFlushingRotatingFileHandler):
    def __init__(self, filename, mode="a", maxBytes=0, backupCount=0, delay=0, flushDelay=0):
        logging.StreamHandler.__init__(self)
        self._max_bytes = maxBytes
        self._backup_count = backupCount
        self._flush_delay = flushDelay
        self._rotation = _unique_files.UniqueRotation(filename, maxBytes, backupCount)
        self._unique_lock = threading.Lock()
        self._timer = None

    def flush(self):
        pass

    def _delayed_flush(self):
        with self._unique_lock:
            self._rotation.file.flush()
            self._timer = None

    def close(self):
        with self._unique_lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._rotation.file.close()

    def emit(self, record):
        text = self.format(record)
        size = len(text) + len(os.linesep)
        with self._unique_lock:
            self._rotation.before_write(size)
            self._rotation.file.write(text + "\n")
            if self._flush_delay <= 0:
                self._rotation.file.flush()
            elif self._timer is None:
                self._timer = threading.Timer(self._flush_delay, self._delayed_flush)
                self._timer.daemon = True
                self._timer.start()
            self._rotation.size += size

    def doRollover(self):
        pass

    def get_file_paths(self):
        return _unique_files.paths(self._rotation.path, self._max_bytes, self._backup_count)
