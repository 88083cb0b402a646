#!/usr/bin/env python3
"""Compare `simeng extract --out` results with ground-truth texts, per format.

usage: extract_eval.py OUR_DIR TRUTH_DIR [DOCINFO.csv]
Both folders hold <id>.txt, both produced by `simeng extract --out` (so both went through the same
normalisation). Measure: F1 of syllable bigrams (multiset), lower-cased. Prints, per group, the count,
median and worst, and lists the five worst documents.
"""
import collections, csv, os, re, statistics, sys

def bigrams(text):
    toks = re.findall(r'\w+', text.lower())
    return collections.Counter(zip(toks, toks[1:]))

def f1(a, b):
    if not a and not b:
        return 1.0
    inter = sum((a & b).values())
    p = inter / max(1, sum(a.values()))
    r = inter / max(1, sum(b.values()))
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)

ours, truth = sys.argv[1], sys.argv[2]
info = {}
if len(sys.argv) > 3:
    with open(sys.argv[3], encoding='utf-8') as f:
        info = {r['id']: r for r in csv.DictReader(f)}
groups = collections.defaultdict(list)
scores = {}
for name in sorted(os.listdir(truth)):
    if not name.endswith('.txt'):
        continue
    i = name[:-4]
    t = open(os.path.join(truth, name), encoding='utf-8').read()
    p = os.path.join(ours, name)
    o = open(p, encoding='utf-8').read() if os.path.exists(p) else ''
    s = f1(bigrams(o), bigrams(t))
    scores[i] = s
    r = info.get(i, {})
    fmt = r.get('format', '?')
    obf = set((r.get('obfuscations') or '').split(';'))
    g = fmt
    if 'pdf-scan' in obf:
        g = 'scanned-pdf'
    groups[g].append(s)
    enc = r.get('encoding', 'unicode')
    if enc != 'unicode':
        groups[enc + ('-' + fmt)].append(s)
        groups[enc].append(s)
    if 'nfd' in obf:
        groups['nfd'].append(s)
    groups['all'].append(s)
print('%-14s %5s %8s %8s' % ('group', 'n', 'median', 'worst'))
for g in sorted(groups):
    v = groups[g]
    print('%-14s %5d %8.4f %8.4f' % (g, len(v), statistics.median(v), min(v)))
print('worst:', ', '.join('%s %.4f' % kv for kv in sorted(scores.items(), key=lambda kv: kv[1])[:8]))
