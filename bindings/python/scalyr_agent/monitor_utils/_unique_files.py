# SPDX-License-Identifier: Apache-2.0
"""The file naming shared by the unique-file rotations: with rotation,
lines go to PATH.0 .. PATH.<n-1> in turn, each file truncated when it is
reused; the first one written is the oldest existing one."""
import os
import re


def paths(path, max_bytes, backup_count):
    if backup_count > 0 and max_bytes > 0:
        return ["%s.%d" % (path, i) for i in range(backup_count)]
    return [path]


def first_postfix(path):
    """The postfix of the least recently modified PATH.<n>, 0 if none."""
    directory = os.path.dirname(path)
    pattern = re.compile(re.escape(os.path.basename(path)) + r"\.(\d+)$")
    found = []
    for entry in os.listdir(directory):
        match = pattern.match(entry)
        full = os.path.join(directory, entry)
        if match and os.path.isfile(full):
            found.append((os.path.getmtime(full), int(match.group(1))))
    return min(found)[1] if found else 0


class UniqueRotation(object):
    def __init__(self, filename, max_bytes, backup_count):
        self.path = os.path.abspath(filename)
        self.max_bytes = max_bytes
        self.backup_count = backup_count
        self.size = 0
        if self.rotating():
            self.postfix = first_postfix(self.path)
            self.file = open("%s.%d" % (self.path, self.postfix), "w")
        else:
            self.postfix = None
            self.file = open(self.path, "a")

    def rotating(self):
        return self.backup_count > 0 and self.max_bytes > 0

    def before_write(self, size):
        if self.rotating() and self.size + size > self.max_bytes:
            self.postfix = (self.postfix + 1) % self.backup_count
            self.file.close()
            self.file = open("%s.%d" % (self.path, self.postfix), "w")
            self.size = 0
