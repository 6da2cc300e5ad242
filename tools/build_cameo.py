#!/usr/bin/env python3
"""build_cameo.py — compiles the CAMEO dictionaries for the events stage into resources/.

Usage: tools/build_cameo.py [SHARED_DATA_EVENTS_DIR]   (default ../shared/data/events)

Reads (MIT, (c) 2014-2015 Open Event Data Alliance):
  petrarch2/CAMEO.2.0.txt + tools/extra.verbs -> resources/cameo-verbs.txt (comments, padding stripped)
  petrarch2/Phoenix.{Countries,International,MilNonState}.actors.txt + tools/leaders.actors
                                             -> resources/cameo-actors.txt (entries still valid after
                                                2012; comments stripped; leaders first so they win)
  petrarch2/Phoenix.agents.txt               -> resources/cameo-agents.txt
  cameo_codebook/CAMEO.eventcodes.txt        -> resources/cameo-labels.tsv (CRLF dropped, the two
                                                known glitches repaired: 1056/106 run together, 044 mojibake)
The outputs stay in the dictionaries' own formats, so the C loaders (src/extract/cameo.c) read
the originals too. Re-run after changing tools/leaders.actors.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'shared', 'data', 'events')
OUT = os.path.join(ROOT, 'resources')
HEADER = ("# Compiled by tools/build_cameo.py from the PETRARCH-2 / Phoenix dictionaries.\n"
          "# MIT License, Copyright (c) 2014-2015 Open Event Data Alliance. See resources/CAMEO-ATTRIBUTION.txt.\n")
CUTOFF = 20120101  # drop person entries whose every code ended before this date


def strip(line):
    return re.split(r'[#;]', line, 1)[0].rstrip()


def date8(s):
    s = s.strip()
    if len(s) == 6:
        yy = int(s[:2])
        return (1900 if yy >= 30 else 2000) * 10000 + int(s)
    return int(s) if s.isdigit() else 0


def still_valid(codes):
    if not codes:
        return False
    for c in codes:
        m = re.match(r'\[\s*\S+\s*(.*?)\]', c)
        rng = m.group(1).strip() if m else ''
        if not rng or rng.startswith('>'):
            return True
        if '-' in rng:
            if date8(rng.split('-')[1]) >= CUTOFF:
                return True
        elif rng.startswith('<'):
            if date8(rng[1:]) >= CUTOFF:
                return True
    return False


def actors(paths):
    out = []
    for p in paths:
        entry, codes = [], []

        def flush():
            if entry and still_valid(codes):
                out.append(entry[0] + (' ' + ' '.join(c for c in codes if entry[0].find('[') < 0) if False else ''))
                out.extend(entry[1:])
                out.extend('\t' + c for c in codes)

        for raw in open(p, encoding='utf-8', errors='replace'):
            line = strip(raw.rstrip('\n'))
            if not line.strip() or line.lstrip().startswith('<'):
                continue
            if line[0] in ' \t' and line.strip().startswith('['):
                codes.extend(re.findall(r'\[[^\]]*\]', line))
                continue
            if line.startswith('+'):
                phrase = re.sub(r'\[[^\]]*\]', '', line).strip()
                codes.extend(re.findall(r'\[[^\]]*\]', line))
                entry.append(phrase)
                continue
            if line[0] in ' \t':
                continue
            flush()
            entry = [re.sub(r'\[[^\]]*\]', '', line).strip()]
            codes = re.findall(r'\[[^\]]*\]', line)
        flush()
    return out


def verbs(path):
    out = []
    for raw in open(path, encoding='utf-8', errors='replace'):
        line = strip(raw.rstrip('\n'))
        line = re.sub(r'\s+', ' ', line).strip()
        if line.startswith('---') or line.startswith('-'):
            out.append(line)
        elif line:
            out.append(line)
        else:
            out.append('')  # blank lines end &SETs
    # collapse runs of blank lines
    res = []
    for l in out:
        if l == '' and res and res[-1] == '':
            continue
        res.append(l)
    return res


def agents(path):
    out = []
    for raw in open(path, encoding='utf-8', errors='replace'):
        line = strip(raw.rstrip('\n'))
        line = re.sub(r'\s+', ' ', line).strip()
        if line:
            out.append(line)
    return out


def labels(path):
    data = open(path, 'rb').read().decode('utf-8', errors='replace').replace('\r', '')
    rows = []
    for line in data.split('\n')[1:]:
        if not line.strip():
            continue
        code, _, label = line.partition('\t')
        # glitch 1: "1056<TAB>Demand de-escalation of military engagement106:[-5.0] Demand withdrawal"
        m = re.match(r'(.*?)(\d{3}):\[[^\]]*\]\s*(.*)$', label)
        if m:
            rows.append((code, m.group(1).strip()))
            rows.append((m.group(2), m.group(3).strip()))
            continue
        if code == '044':  # glitch 2: mojibake quotes around "third"
            label = 'Meet at a "third" location'
        rows.append((code, label.strip()))
    return rows


def main():
    p2 = os.path.join(SRC, 'petrarch2')
    with open(os.path.join(OUT, 'cameo-verbs.txt'), 'w') as f:
        f.write(HEADER)
        f.write('\n'.join(verbs(os.path.join(p2, 'CAMEO.2.0.txt'))) + '\n\n')
        f.write('\n'.join(verbs(os.path.join(HERE, 'extra.verbs'))) + '\n')
    act = actors([os.path.join(HERE, 'leaders.actors')] +
                 [os.path.join(p2, n) for n in ('Phoenix.Countries.actors.txt', 'Phoenix.International.actors.txt',
                                                'Phoenix.MilNonState.actors.txt')])
    with open(os.path.join(OUT, 'cameo-actors.txt'), 'w') as f:
        f.write(HEADER)
        f.write('\n'.join(act) + '\n')
    with open(os.path.join(OUT, 'cameo-agents.txt'), 'w') as f:
        f.write(HEADER)
        f.write('\n'.join(agents(os.path.join(p2, 'Phoenix.agents.txt'))) + '\n')
    with open(os.path.join(OUT, 'cameo-labels.tsv'), 'w') as f:
        f.write('# CAMEO 1.1b3 codebook labels (GDELT CAMEO.eventcodes.txt), compiled by tools/build_cameo.py\n')
        for code, label in labels(os.path.join(SRC, 'cameo_codebook', 'CAMEO.eventcodes.txt')):
            f.write('%s\t%s\n' % (code, label))


if __name__ == '__main__':
    main()
