#!/usr/bin/env bash
# Rewrites docs/json-contracts.md: its prose (docs/json-contracts.md.head) followed by one example of each JSON contract,
# made from corpus-samples with the simeng build given as $SIMENG (default: the Release build of src/Cli).
set -euo pipefail
cd "$(dirname "$0")/.."
simeng=${SIMENG:-src/Cli/bin/Release/net10.0/simeng}
[ -x "$simeng" ] || dotnet build -c Release src/Cli -v q --nologo
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$simeng" ingest --manifest corpus-samples/screen/manifest.csv --index "$work/idx" --quiet 2>/dev/null
"$simeng" extract corpus-samples/vi-features.docx --json > "$work/extract.json"
"$simeng" check corpus-samples/screen/r2-doc-lop2-ban-sao.docx --index "$work/idx" --json "$work/check.json" --quiet > /dev/null 2>&1
"$simeng" screen --index "$work/idx" --json "$work/screen.json" --quiet > /dev/null 2>&1
"$simeng" stats --index "$work/idx" --json > "$work/stats.json"
python3 - "$work" <<'PY' > docs/json-contracts.md
import json, sys, re
work = sys.argv[1]
def cut(v, n=60):
    if isinstance(v, str):
        return v if len(v) <= n else v[:n] + "…"
    if isinstance(v, list):
        return [cut(x, n) for x in v[:3]] + (["…"] if len(v) > 3 else [])
    if isinstance(v, dict):
        return {k: cut(x, n) for k, x in v.items()}
    return v
def show(name, cmd):
    d = json.load(open(f"{work}/{name}.json", encoding="utf-8"))
    if name == "stats":
        d["index"] = "out/sample-index"
    text = json.dumps(cut(d), ensure_ascii=False, indent=2)
    text = re.sub(r'"(file|index)": "/[^"]*/(corpus-samples/[^"]*)"', r'"\1": "\2"', text)
    text = re.sub(r'"(file|index)": "/tmp/[^"]*"', r'"\1": "…"', text)
    return f"### Example: `{cmd}`\n\n```json\n{text}\n```\n"
print(open("docs/json-contracts.md.head", encoding="utf-8").read().rstrip() + "\n\n## Examples\n")
print(show("extract", "simeng extract corpus-samples/vi-features.docx --json"))
print(show("check", "simeng check corpus-samples/screen/r2-doc-lop2-ban-sao.docx --json check.json"))
print(show("screen", "simeng screen --json screen.json"))
print(show("stats", "simeng stats --json"))
PY
echo "wrote docs/json-contracts.md"
