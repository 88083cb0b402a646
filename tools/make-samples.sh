#!/usr/bin/env bash
# Rebuilds corpus-samples/ from tools/SampleGen (our own text) with LibreOffice and poppler.
# Needs: dotnet, soffice (libreoffice-writer-nogui), pdftoppm (poppler-utils).
# Afterwards review the changes and refresh the golden files:
#   SIMENG_UPDATE_GOLDEN=1 dotnet test --filter Golden
set -euo pipefail
cd "$(dirname "$0")/.."
out=corpus-samples
dotnet run --project tools/SampleGen -- "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
profile="file://$tmp/profile"
soffice --headless "-env:UserInstallation=$profile" --convert-to doc --outdir "$out" "$out/vi-features.docx" >/dev/null
soffice --headless "-env:UserInstallation=$profile" --convert-to pdf --outdir "$out" "$out/vi-features.docx" >/dev/null
soffice --headless "-env:UserInstallation=$profile" --convert-to pdf --outdir "$out" "$out/vi-nfd.docx" >/dev/null
rm "$out/vi-nfd.docx"
soffice --headless "-env:UserInstallation=$profile" --convert-to pdf --outdir "$tmp" "$out/vi-prose.docx" >/dev/null
pdftoppm -r 150 -gray -png "$tmp/vi-prose.pdf" "$tmp/page"
dotnet run --project tools/SampleGen -- scan "$out/vi-scanned.pdf" "$tmp"/page*.png
ls -l "$out" "$out/screen"
