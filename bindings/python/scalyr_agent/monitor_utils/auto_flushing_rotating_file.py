# SPDX-License-Identifier: Apache-2.0
"""AutoFlushingRotatingFile: lines appended to a file rotated by size."""
import os
import threading


def _rotate(path, backup_count):
    """path -> path.1 -> path.2 ... keeping backup_count copies."""
    if backup_count <= 0:
        return
    for i in range(backup_count - 1, 0, -1):
        source = "%s.%d" % (path, i)
        if os.path.exists(source):
            os.replace(source, "%s.%d" % (path, i + 1))
    if os.path.exists(path):
        os.replace(path, path + ".1")


class AutoFlushingRotatingFile(object):
    """A file that lines are written to (write() adds the newline), flushed
    after each line and rotated when it would grow past max_bytes (0: never),
    keeping backup_count old copies."""

    def __init__(self, filename, max_bytes=0, backup_count=0, flush_delay=0):
        self._max_bytes = max_bytes
        self._backup_count = backup_count
        self._flush_delay = flush_delay
        self._filename = os.path.abspath(filename)
        self._lock = threading.Lock()
        self._file = None
        self._open()

    def _open(self):
        self._file = open(self._filename, "a")
        self._totalSize = self._file.tell()

    def write(self, message):
        size = len(message) + len(os.linesep)
        with self._lock:
            if self.rotateRequired(size):
                self.rotateFile()
            self._file.write(message + "\n")
            self._file.flush()
            self._totalSize += size

    def flush(self):
        if self._file:
            self._file.flush()

    def close(self):
        if self._file:
            self._file.flush()
            self._file.close()
            self._file = None

    def rotateRequired(self, size):
        return self._max_bytes > 0 and self._totalSize + size > self._max_bytes

    def rotateFile(self):
        self.close()
        _rotate(self._filename, self._backup_count)
        self._open()
