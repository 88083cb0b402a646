#!/usr/bin/env python3
"""Before/after of a change to PDF reading on a folder of PDFs: `simeng extract DIR --out OLD` with the old build and
`--out NEW` with the new one, then `tools/peer-compare.py OLD NEW DIR` prints, for every file whose text changed, the
syllable-bigram F1 of each against pdftotext (lowest change first). See docs/peer-suites.md."""
import os, re, subprocess, sys, unicodedata
old, new, src = sys.argv[1], sys.argv[2], sys.argv[3]
def toks(t):
    t = unicodedata.normalize('NFC', t).lower()
    return re.findall(r'\w+', t)
def f1(a, b):
    from collections import Counter
    A = Counter(zip(a, a[1:])); B = Counter(zip(b, b[1:]))
    if not A and not B: return 1.0
    if not A or not B: return 0.0
    inter = sum((A & B).values())
    p = inter / sum(A.values()); r = inter / sum(B.values())
    return 0 if p + r == 0 else 2 * p * r / (p + r)
rows = []
names = sorted(set(os.listdir(old)) | set(os.listdir(new)))
changed = 0
for n in names:
    if not n.endswith('.txt'): continue
    a = open(os.path.join(old, n), encoding='utf-8').read() if os.path.exists(os.path.join(old, n)) else None
    b = open(os.path.join(new, n), encoding='utf-8').read() if os.path.exists(os.path.join(new, n)) else None
    if a == b: continue
    changed += 1
    pdf = os.path.join(src, n[:-4] + '.pdf')
    ref = subprocess.run(['pdftotext', '-q', pdf, '-'], capture_output=True).stdout.decode('utf-8', 'replace')
    r = toks(ref)
    fo = f1(toks(a), r) if a is not None else None
    fn = f1(toks(b), r) if b is not None else None
    rows.append((n, fo, fn, len(r)))
fmt = lambda x: 'none' if x is None else f'{x:.3f}'
for n, fo, fn, nr in sorted(rows, key=lambda r: ((r[2] or 0) - (r[1] or 0))):
    print(f'{n:50s} old {fmt(fo)}  new {fmt(fn)}  (reference {nr} words)')
print(f'{changed} file(s) changed of {len([n for n in names if n.endswith(".txt")])}')
