#!/usr/bin/python3
# Copyright 2026 Waymark developers
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every file with translatable strings.

Usage: check-potfiles.py SOURCE_ROOT

Fails (exit 1) when a file under src/ or ui/ (or data/*.in.in,
data/*.gschema.xml) has translatable strings but is not listed, when
POTFILES.in lists a file that does not exist, or when POTFILES.in is not
sorted or lists a file twice. Files listed in po/POTFILES.skip, if there is
one, may be left out on purpose.
"""

import os
import re
import sys

# C: _("…"), N_("…"), C_("ctx", "…"), NC_, Q_, with or without the GNU space
# before the parenthesis; ngettext () and g_dngettext () in any form.
C_RE = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_)\s*\(\s*"'
    r'|(?<![A-Za-z0-9_])(?:g_d?ngettext|d?ngettext)\s*\('
)
# GtkBuilder accepts yes, true and 1 (any case).
UI_RE = re.compile(r'''translatable\s*=\s*["'](?:yes|true|1)["']''', re.IGNORECASE)
DESKTOP_RE = re.compile(r'^(?:Name|GenericName|Comment|Keywords)=', re.MULTILINE)
METAINFO_RE = re.compile(r'<(?:name|summary|p|li|caption)[\s>]')
GSCHEMA_RE = re.compile(r'<(?:summary|description)[\s>]|\bl10n\s*=')

C_SUFFIXES = ('.c', '.h')


def read_list(path):
    """Entries of a POTFILES-style list, in file order."""
    entries = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            # Optional "[type: gettext/glade] path" prefix.
            if line.startswith('['):
                line = line.split(']', 1)[1].strip()
            entries.append((lineno, line))
    return entries


def pattern_for(relpath):
    name = os.path.basename(relpath)
    top = relpath.split('/', 1)[0]
    if top in ('src', 'ui'):
        if name.endswith(C_SUFFIXES):
            return C_RE
        if name.endswith('.ui'):
            return UI_RE
        return None
    if top == 'data' and '/' not in relpath[len('data/'):]:
        if name.endswith('.desktop.in.in') or name.endswith('.desktop.in'):
            return DESKTOP_RE
        if name.endswith('.metainfo.xml.in.in') or name.endswith('.metainfo.xml.in'):
            return METAINFO_RE
        if name.endswith('.gschema.xml'):
            return GSCHEMA_RE
    return None


def candidate_files(root):
    """Relative paths (with '/') of every file the check looks into."""
    for top in ('src', 'ui'):
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for fn in sorted(filenames):
                if fn.startswith('.'):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, fn), root)
                yield rel.replace(os.sep, '/')
    data = os.path.join(root, 'data')
    if os.path.isdir(data):
        for fn in sorted(os.listdir(data)):
            if os.path.isfile(os.path.join(data, fn)):
                yield 'data/' + fn


def has_translatable(root, relpath, regex):
    try:
        with open(os.path.join(root, relpath), encoding='utf-8', errors='replace') as f:
            return regex.search(f.read()) is not None
    except OSError:
        return False


def main(argv):
    if len(argv) != 2:
        print('usage: check-potfiles.py SOURCE_ROOT', file=sys.stderr)
        return 2
    root = os.path.abspath(argv[1])
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    if not os.path.isfile(potfiles):
        print(f'check-potfiles: {potfiles} does not exist')
        return 1

    entries = read_list(potfiles)
    listed = [e for _, e in entries]
    skip_path = os.path.join(root, 'po', 'POTFILES.skip')
    skipped = set(e for _, e in read_list(skip_path)) if os.path.isfile(skip_path) else set()

    problems = []

    # Listed files that do not exist.
    for lineno, entry in entries:
        if not os.path.isfile(os.path.join(root, entry)):
            problems.append(f'po/POTFILES.in:{lineno}: {entry} does not exist')

    # Duplicates and order (plain byte order, as `LC_ALL=C sort` gives).
    seen = set()
    for lineno, entry in entries:
        if entry in seen:
            problems.append(f'po/POTFILES.in:{lineno}: {entry} is listed twice')
        seen.add(entry)
    for (_, prev), (lineno, cur) in zip(entries, entries[1:]):
        if cur < prev:
            problems.append(
                f'po/POTFILES.in:{lineno}: not sorted: {cur} should come before {prev}'
            )

    # Files with translatable strings that are not listed.
    checked = 0
    translatable = 0
    for rel in candidate_files(root):
        regex = pattern_for(rel)
        if regex is None:
            continue
        checked += 1
        if not has_translatable(root, rel, regex):
            continue
        translatable += 1
        if rel not in seen and rel not in skipped:
            problems.append(f'{rel}: has translatable strings but is not in po/POTFILES.in')

    if problems:
        print(f'check-potfiles: {len(problems)} problem(s):')
        for p in problems:
            print('  ' + p)
        return 1

    print(
        f'check-potfiles: OK: {len(listed)} files listed, sorted and present; '
        f'{translatable} of {checked} checked files have translatable strings, all listed'
    )
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
