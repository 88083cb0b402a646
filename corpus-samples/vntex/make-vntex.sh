#!/usr/bin/env bash
# Rebuilds vntex-two-column.pdf from vntex-two-column.txt (our own text): a two-column LaTeX report typeset with vntex
# (T5 fonts VNR12, VNBX12: names that look like TCVN3's .VnTime but draw Unicode text), with running headers that change
# per chapter ("Chương 1: …") and a page-number footer.
# Needs Debian texlive-latex-base texlive-latex-recommended texlive-lang-other.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
python3 - vntex-two-column.txt > "$work/vntex-two-column.tex" <<'PY'
import sys
print(r"""\documentclass[12pt,twocolumn]{article}
\usepackage[a5paper,margin=14mm,headheight=16pt]{geometry}
\usepackage[utf8]{inputenc}
\usepackage[T5]{fontenc}
\usepackage[vietnamese]{babel}
\usepackage{fancyhdr}
\pagestyle{fancy}
\fancyhf{}
\fancyhead[L]{\small\leftmark}
\fancyhead[R]{\small GVHD: Trần Thị Lan}
\fancyfoot[C]{\thepage}
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
\begin{document}""")
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line.startswith("# "):
        print(r"\clearpage\markboth{%s}{}" % line[2:])
    elif line.startswith("## "):
        print(r"\section*{%s}" % line[3:])
    elif line:
        print(line + "\n")
print(r"\end{document}")
PY
(cd "$work" && pdflatex -interaction=nonstopmode vntex-two-column.tex > /dev/null && pdflatex -interaction=nonstopmode vntex-two-column.tex > /dev/null)
cp "$work/vntex-two-column.pdf" .
rm -rf "$work"
