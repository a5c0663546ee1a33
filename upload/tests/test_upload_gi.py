#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""ScalyrUpload-1.0 from Python (PyGObject): an uploader copies a log file to
a real addEvents server on 127.0.0.1 (upload/tests/addevents-test-server.c),
which must receive every line, once, in order."""
import json
import os
import subprocess
import tempfile
import unittest

import gi

gi.require_version("ScalyrUpload", "1.0")
gi.require_version("Scalyr", "1.0")
gi.require_version("Json", "1.0")
from gi.repository import GLib, Json, ScalyrUpload  # noqa: E402

TOKEN = "gi-test-token"
LINES = 2000
DEADLINE_S = 60


class TestUploadGI(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.log = os.path.join(self.tmp.name, "app.log")
        self.lines = ["line %05d from python é\n" % i for i in range(LINES)]
        with open(self.log, "w", encoding="utf-8") as f:
            f.writelines(self.lines)
        self.server = subprocess.Popen(
            [os.environ["ADDEVENTS_TEST_SERVER"], TOKEN, self.log, str(DEADLINE_S + 30)],
            stdout=subprocess.PIPE, text=True)
        self.url = self.server.stdout.readline().strip()
        self.assertTrue(self.url.startswith("http://127.0.0.1:"), self.url)

    def tearDown(self):
        if self.server.poll() is None:
            self.server.kill()
            self.server.wait()
        self.server.stdout.close()
        self.tmp.cleanup()

    def received(self):
        self.server.terminate()
        out, _ = self.server.communicate(timeout=30)
        return json.loads(out)

    def test_types(self):
        self.assertTrue(ScalyrUpload.compression_from_string("zstandard")[0])
        self.assertEqual(ScalyrUpload.compression_from_string("zstandard")[1],
                         ScalyrUpload.Compression.ZSTANDARD)
        with self.assertRaises(GLib.Error) as cm:
            ScalyrUpload.upload_normalize_url("ftp://x", False)
        self.assertEqual(cm.exception.domain, GLib.quark_to_string(ScalyrUpload.upload_error_quark()))
        self.assertEqual(cm.exception.code, int(ScalyrUpload.UploadError.INVALID_URL))

    def test_copy_log_file(self):
        up = ScalyrUpload.Uploader.new(self.url, TOKEN, os.path.join(self.tmp.name, "data"))
        up.props.max_request_spacing = 0.05
        up.props.max_request_size = 16384        # several requests
        attrs = Json.Object()
        attrs.set_string_member("origin", "python")
        self.assertTrue(up.add_log(self.log, "test", attrs, True))
        finished = []
        up.connect("request-finished", lambda _u, status, ok: finished.append((status, ok)))
        self.assertTrue(up.start())

        loop = GLib.MainLoop()
        size = os.path.getsize(self.log)
        timed_out = []

        def check():
            logs = up.get_status().get_object().get_array_member("logs")
            if logs.get_length() == 1 and logs.get_object_element(0).get_int_member("position") == size:
                loop.quit()
                return GLib.SOURCE_REMOVE
            return GLib.SOURCE_CONTINUE

        def deadline():
            timed_out.append(True)
            loop.quit()
            return GLib.SOURCE_REMOVE

        GLib.timeout_add(20, check)
        deadline_id = GLib.timeout_add_seconds(DEADLINE_S, deadline)
        loop.run()
        up.stop()
        if not timed_out:
            GLib.source_remove(deadline_id)

        got = self.received()
        self.assertFalse(timed_out, "not all lines acknowledged within %d s" % DEADLINE_S)
        self.assertIsNone(got["error"])
        self.assertEqual(got["duplicates"], 0)
        self.assertGreater(got["requests"], 1)
        self.assertEqual(len(got["messages"]), LINES)
        self.assertEqual(got["messages"], self.lines)
        self.assertIn(("success", True), finished)
        status = up.get_status().get_object()
        self.assertEqual(status.get_int_member("events_sent"), LINES)


if __name__ == "__main__":
    unittest.main()
