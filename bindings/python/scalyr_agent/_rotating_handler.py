# SPDX-License-Identifier: Apache-2.0
"""AutoFlushingRotatingFileHandler: a logging RotatingFileHandler that
flushes at most once every flushDelay seconds (scalyr_logging exports it;
kept apart so that importing scalyr_logging does not import logging)."""
import logging.handlers
import threading


class AutoFlushingRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose flushes are delayed by up to flushDelay
    seconds (0: every record is flushed)."""

    def __init__(self, filename, mode="a", maxBytes=0, backupCount=0, delay=0, flushDelay=0.0):
        logging.handlers.RotatingFileHandler.__init__(self, filename, mode=mode, maxBytes=maxBytes,
                                                      backupCount=backupCount, delay=bool(delay))
        self._flush_delay = flushDelay
        self._timer = None

    def set_flush_delay(self, flushDelay):
        self._flush_delay = flushDelay

    def flush(self):
        if not self._flush_delay:
            self._internal_flush()
            return
        with self.lock:
            if self._timer is None:
                self._timer = threading.Timer(self._flush_delay, self._internal_flush)
                self._timer.daemon = True
                self._timer.start()

    def _internal_flush(self):
        logging.handlers.RotatingFileHandler.flush(self)
        with self.lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def close(self):
        with self.lock:
            self._flush_delay = 0
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        logging.handlers.RotatingFileHandler.close(self)
