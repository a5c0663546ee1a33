#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Every catalogue of po/LINGUAS is complete and correct against the
sources as they are now: the POT is rebuilt from po/POTFILES (with the
xgettext arguments of po/meson.build, passed after --), each po/<lang>.po
is merged with it into a temporary copy, and msgfmt --check must pass with
no untranslated and no fuzzy message. A string marked in the sources but
not translated (or whose English changed since) fails the test, named.

usage: check-translations.py SOURCE_ROOT [LANG...] -- XGETTEXT_ARGS...
"""
import os
import re
import subprocess
import sys
import tempfile


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def entries(po_text):
    """(flags, msgid) of each entry of a PO file (header and obsolete left out)."""
    out = []
    for block in po_text.split('\n\n'):
        lines = [line for line in block.splitlines() if not line.startswith('#~')]
        flags = ' '.join(line for line in lines if line.startswith('#,'))
        msgid, in_id = [], False
        for line in lines:
            if line.startswith('msgid '):
                in_id = True
                msgid.append(line[6:].strip()[1:-1])
            elif in_id and line.startswith('"'):
                msgid.append(line.strip()[1:-1])
            else:
                in_id = False if not line.startswith('msgid') else in_id
        text = ''.join(msgid)
        if text:
            out.append((flags, text, block))
    return out


def main():
    argv = sys.argv[1:]
    sep = argv.index('--')
    root, langs, xgettext_args = argv[0], argv[1:sep], argv[sep + 1:]
    po_dir = os.path.join(root, 'po')
    if not langs:
        with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as fh:
            langs = [w for line in fh if not line.startswith('#') for w in line.split()]
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'libscalyrmon.pot')
        r = run(['xgettext', '--package-name=libscalyrmon', '-f', os.path.join(po_dir, 'POTFILES'),
                 '-D', root, '-o', pot] + xgettext_args)
        if r.returncode != 0:
            print('xgettext failed:\n' + r.stderr)
            return 1
        with open(pot, encoding='utf-8') as fh:
            n_pot = len(entries(fh.read()))
        print(f'{n_pot} messages marked in the sources')
        for lang in langs:
            po = os.path.join(po_dir, lang + '.po')
            # the catalogue as committed: valid, formats compatible
            r = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po])
            if r.returncode != 0:
                print(f'po/{lang}.po: msgfmt --check fails:\n{r.stderr}')
                failed = True
                continue
            merged = os.path.join(tmp, lang + '.po')
            r = run(['msgmerge', '--quiet', '--previous', '-o', merged, po, pot])
            if r.returncode != 0:
                print(f'po/{lang}.po: msgmerge failed:\n{r.stderr}')
                failed = True
                continue
            r = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged])
            stats = r.stderr.strip()
            print(f'po/{lang}.po against the sources: {stats}')
            if r.returncode != 0:
                print(f'po/{lang}.po: msgfmt --check fails after merging:\n{stats}')
                failed = True
            translated = re.search(r'(\d+) translated', stats)
            if re.search(r'\d+ (fuzzy|untranslated)', stats) or translated is None:
                failed = True
                for args, what in ((['--untranslated'], 'untranslated'), (['--only-fuzzy'], 'fuzzy (new or changed English)')):
                    out = run(['msgattrib', '--no-obsolete', '--no-wrap'] + args + [merged]).stdout
                    for flags, msgid, _ in entries(out):
                        print(f'po/{lang}.po: {what}: "{msgid}"')
                print(f'po/{lang}.po is not complete: run `meson compile -C BUILD libscalyrmon-pot '
                      f'libscalyrmon-update-po`, translate the entries above in po/{lang}.po and remove '
                      'their fuzzy flags')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
