# SPDX-License-Identifier: Apache-2.0
"""AutoFlushingRotatingUniqueFile: like AutoFlushingRotatingFile, but with
rotation the lines go to PATH.0, PATH.1 ... PATH.<n-1> in turn, so that a
file is never renamed (see _unique_files)."""
import os
import threading

from scalyr_agent.monitor_utils import _unique_files
from scalyr_agent.monitor_utils.auto_flushing_rotating_file import AutoFlushingRotatingFile


class AutoFlushingRotatingUniqueFile(AutoFlushingRotatingFile):
    def __init__(self, filename, max_bytes=0, backup_count=0, flush_delay=0):
        self._max_bytes = max_bytes
        self._backup_count = backup_count
        self._flush_delay = flush_delay
        self._rotation = _unique_files.UniqueRotation(filename, max_bytes, backup_count)
        self._lock = threading.Lock()

    def write(self, message):
        size = len(message) + len(os.linesep)
        with self._lock:
            self._rotation.before_write(size)
            self._rotation.file.write(message + "\n")
            self._rotation.file.flush()
            self._rotation.size += size

    def flush(self):
        self._rotation.file.flush()

    def close(self):
        self._rotation.file.close()

    def get_file_paths(self):
        return _unique_files.paths(self._rotation.path, self._max_bytes, self._backup_count)
