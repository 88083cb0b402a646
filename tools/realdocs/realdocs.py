#!/usr/bin/env python3
"""Real-document regression set: public Vietnamese documents from public repositories, read by simeng and scored
against independent references, per file, compared with the last recorded run.

The files are not in this repository (their licences vary): manifest.csv names each by repository, commit and path (with
its SHA-256); they are taken from a local mirror (--mirror-root, folders named owner+name holding a git directory, as
the project's fetch tool leaves them) or downloaded from raw.githubusercontent.com, and cached in --work.

References, made once per file and cached: pdftotext, pdftotext -layout, MuPDF (mutool draw -F txt), and "ocr-mix" —
pdftotext per page, with pages that carry fewer than 100 letters read by Tesseract (vie, psm 3, 300 dpi). A file's score
is the syllable-bigram F1 of simeng's text against its best reference (the highest F1).

    python3 tools/realdocs/realdocs.py --simeng src/Cli/bin/Release/net10.0/simeng [--mirror-root DIR] [--save]
                                      [--label NAME] [--reuse] [--only REGEX]

prints one row per file (F1 now, F1 of the last recorded run, the change) and the files that fell by more than 0.005;
--save records this run in tools/realdocs/last.tsv. Exit 1 when a file fell by more than 0.005 (and --save is not
given)."""
import argparse, collections, csv, hashlib, os, re, shutil, statistics, subprocess, sys, unicodedata, urllib.parse, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--simeng", default="src/Cli/bin/Release/net10.0/simeng")
ap.add_argument("--mirror-root", help="folder of owner+name/repo git mirrors")
ap.add_argument("--work", default=os.path.expanduser("~/.cache/simeng-realdocs"))
ap.add_argument("--save", action="store_true", help="record this run in last.tsv")
ap.add_argument("--label", default="now", help="name of this run's text folder in --work")
ap.add_argument("--only", help="regular expression: only files whose id or path matches")
ap.add_argument("--reuse", action="store_true", help="score the texts of an earlier run with this --label again (no extraction)")
args = ap.parse_args()

files_dir = os.path.join(args.work, "files")
refs_dir = os.path.join(args.work, "refs")
os.makedirs(files_dir, exist_ok=True)
os.makedirs(refs_dir, exist_ok=True)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


def materialise(row):
    ext = os.path.splitext(row["path"])[1].lower()
    target = os.path.join(files_dir, row["id"] + ext)
    if os.path.exists(target) and hashlib.sha256(open(target, "rb").read()).hexdigest() == row["sha256"]:
        return target
    data = None
    if args.mirror_root:
        git = os.path.join(args.mirror_root, row["repo"].replace("/", "+"), "repo")
        r = run(["git", "--git-dir", git, "show", f'{row["commit"]}:{row["path"]}'])
        data = r.stdout if r.returncode == 0 else None
    if data is None:
        url = f'https://raw.githubusercontent.com/{row["repo"]}/{row["commit"]}/' + urllib.parse.quote(row["path"])
        data = urllib.request.urlopen(url, timeout=60).read()
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise SystemExit(f'{row["id"]}: {row["path"]} differs from the manifest (SHA-256)')
    open(target, "wb").write(data)
    return target


def pages_of(pdf):
    out = run(["pdfinfo", pdf]).stdout.decode("utf-8", "replace")
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def references(fid, pdf):
    """name -> text, cached."""
    refs = {}
    makers = {
        "pdftotext": lambda: run(["pdftotext", "-q", pdf, "-"]).stdout.decode("utf-8", "replace"),
        "pdftotext-layout": lambda: run(["pdftotext", "-q", "-layout", pdf, "-"]).stdout.decode("utf-8", "replace"),
        "mutool": lambda: run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", pdf]).stdout.decode("utf-8", "replace"),
        "ocr-mix": lambda: ocr_mix(pdf),
    }
    for name, make in makers.items():
        path = os.path.join(refs_dir, f"{fid}.{name}.txt")
        if not os.path.exists(path):
            text = make()
            open(path, "w", encoding="utf-8").write(text)
        refs[name] = open(path, encoding="utf-8").read()
    return refs


def ocr_mix(pdf):
    parts = []
    tmp = os.path.join(args.work, "tmp")
    os.makedirs(tmp, exist_ok=True)
    for p in range(1, pages_of(pdf) + 1):
        text = run(["pdftotext", "-q", "-f", str(p), "-l", str(p), pdf, "-"]).stdout.decode("utf-8", "replace")
        if sum(c.isalpha() for c in text) < 100:
            for f in os.listdir(tmp):
                os.remove(os.path.join(tmp, f))
            run(["pdftoppm", "-r", "300", "-gray", "-f", str(p), "-l", str(p), "-png", pdf, os.path.join(tmp, "p")])
            pngs = sorted(os.listdir(tmp))
            if pngs:
                text = run(["tesseract", os.path.join(tmp, pngs[0]), "stdout", "-l", "vie", "--psm", "3"],
                           env=dict(os.environ, OMP_THREAD_LIMIT="1")).stdout.decode("utf-8", "replace")
        parts.append(text)
    return "\n".join(parts)


def tokens(text):
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def f1(ours, ref):
    a, b = tokens(ours), tokens(ref)
    A, B = collections.Counter(zip(a, a[1:])), collections.Counter(zip(b, b[1:]))
    if not A and not B:
        return 1.0
    if not A or not B:
        return 0.0
    inter = sum((A & B).values())
    p, r = inter / sum(A.values()), inter / sum(B.values())
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


rows = list(csv.DictReader(open(os.path.join(HERE, "manifest.csv"), encoding="utf-8")))
if args.only:
    rows = [r for r in rows if re.search(args.only, r["id"] + " " + r["path"])]
pdfs = {r["id"]: materialise(r) for r in rows}

# our text, every file in one run (isolated extraction, as ingest does)
ours_dir = os.path.join(args.work, "ours-" + args.label)
failures = ""
if not (args.reuse and os.path.isdir(ours_dir)):
    shutil.rmtree(ours_dir, ignore_errors=True)
    r = run([args.simeng, "extract", *pdfs.values(), "--out", ours_dir, "--quiet"])
    failures = r.stderr.decode("utf-8", "replace")

last = {}
last_path = os.path.join(HERE, "last.tsv")
if os.path.exists(last_path):
    for line in open(last_path, encoding="utf-8").read().splitlines()[1:]:
        c = line.split("\t")
        last[c[0]] = float(c[3])

results = []
for row in rows:
    fid = row["id"]
    pdf = pdfs[fid]
    out = os.path.join(ours_dir, fid + ".txt")
    ours = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
    refs = references(fid, pdf)
    scores = {name: f1(ours, text) for name, text in refs.items()}
    best = max(scores, key=scores.get)
    results.append((fid, pages_of(pdf), best, scores[best], len(ours), row["path"]))

print(f"{'id':5} {'pages':>5} {'F1 now':>7} {'last':>7} {'change':>7}  best reference    file")
fell = []
for fid, pages, best, score, chars, path in results:
    before = last.get(fid)
    change = "" if before is None else f"{score - before:+.3f}"
    if before is not None and score < before - 0.005:
        fell.append(fid)
    print(f"{fid:5} {pages:5d} {score:7.3f} {'' if before is None else f'{before:.3f}':>7} {change:>7}  {best:17} {path}")
scores = [s for _, _, _, s, _, _ in results]
print(f"{len(results)} files: median F1 {statistics.median(scores):.3f}, mean {statistics.mean(scores):.3f}, "
      f"under 0.95: {sum(s < 0.95 for s in scores)}; fell by more than 0.005 since the last run: {len(fell)} {' '.join(fell)}")
if failures.strip():
    print("simeng extract said:\n" + failures.strip())
if args.save:
    with open(last_path, "w", encoding="utf-8") as f:
        f.write("id\tpages\tbest_reference\tf1\tour_chars\n")
        for fid, pages, best, score, chars, _ in results:
            f.write(f"{fid}\t{pages}\t{best}\t{score:.4f}\t{chars}\n")
sys.exit(1 if fell and not args.save else 0)
