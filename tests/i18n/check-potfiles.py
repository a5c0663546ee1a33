#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""po/POTFILES is complete: every C source or header of the tree that marks
a string for translation (_("...", N_("...", C_("...", NC_("..." or
ngettext_("...") is listed, and every listed file exists. Test programs
(directories named tests/) are left out: they look up the library's own
messages, they add none.

usage: check-potfiles.py SOURCE_ROOT [--write]
  --write  rewrite po/POTFILES from the tree (then review the diff)
Exit status 0 when complete, 1 (naming each file) when not.
"""
import os
import re
import sys

MARKED = re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_|ngettext_)\s*\(\s*"')
HEADER = ('# Source files with strings marked for translation: keep complete\n'
          '# (the test i18n-potfiles checks it; check-potfiles.py --write rewrites it).\n')
# files that may hold marked strings without being found by the scan above
# (the tools mark theirs; listed even before they do)
ALWAYS = ['tools/scalyr-agent.c', 'tools/scalyr-run-monitor.c']


def is_build_dir(path):
    return os.path.exists(os.path.join(path, 'meson-private')) or os.path.exists(os.path.join(path, 'meson-logs'))


def marked_files(root):
    found = []
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs
                         if not x.startswith('.') and x not in ('subprojects', 'tests')
                         and not is_build_dir(os.path.join(d, x)))
        for f in sorted(files):
            if not f.endswith(('.c', '.h')):
                continue
            path = os.path.join(d, f)
            with open(path, encoding='utf-8', errors='replace') as fh:
                if MARKED.search(fh.read()):
                    found.append(os.path.relpath(path, root))
    return found


def listed_files(potfiles):
    with open(potfiles, encoding='utf-8') as fh:
        return [line.strip() for line in fh if line.strip() and not line.startswith('#')]


def main():
    root = os.path.abspath(sys.argv[1])
    potfiles = os.path.join(root, 'po', 'POTFILES')
    found = marked_files(root)
    if '--write' in sys.argv[2:]:
        with open(potfiles, 'w', encoding='utf-8') as fh:
            fh.write(HEADER + ''.join(f + '\n' for f in sorted(set(found + ALWAYS))))
        return 0
    listed = listed_files(potfiles)
    problems = []
    for f in found:
        if f not in listed:
            problems.append(f'{f} marks strings for translation but is not in po/POTFILES; add it '
                            '(or run tests/i18n/check-potfiles.py SOURCE_ROOT --write)')
    for f in listed:
        if not os.path.isfile(os.path.join(root, f)):
            problems.append(f'po/POTFILES lists {f}, which does not exist; remove it')
    dups = sorted({f for f in listed if listed.count(f) > 1})
    for f in dups:
        problems.append(f'po/POTFILES lists {f} more than once')
    if problems:
        print('\n'.join(problems))
        return 1
    print(f'po/POTFILES lists all {len(found)} files with marked strings ({len(listed)} listed)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
