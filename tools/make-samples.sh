#!/usr/bin/env bash
# Rebuilds corpus-samples/ from tools/SampleGen (our own text) with LibreOffice and poppler.
# Needs: dotnet, soffice (libreoffice-writer-nogui), pdftoppm (poppler-utils), gs (ghostscript, for vi-outlines.pdf).
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
# the same documents as LibreOffice users save them (OpenDocument, legacy fonts kept) and as RTF
soffice --headless "-env:UserInstallation=$profile" --convert-to odt --outdir "$out" "$out/vi-features.docx" "$out/vi-tcvn3.docx" "$out/vi-vni.docx" >/dev/null
soffice --headless "-env:UserInstallation=$profile" --convert-to rtf --outdir "$out" "$out/vi-features.docx" >/dev/null
rm "$out/vi-nfd.docx"
soffice --headless "-env:UserInstallation=$profile" --convert-to pdf --outdir "$tmp" "$out/vi-prose.docx" >/dev/null
pdftoppm -r 150 -gray -png "$tmp/vi-prose.pdf" "$tmp/page"
# the same page printed "as outlines" (every glyph a filled path, no text layer): needs ghostscript
if command -v gs >/dev/null; then
  gs -q -o "$out/vi-outlines.pdf" -sDEVICE=pdfwrite -dNoOutputFonts "$tmp/vi-prose.pdf"
else
  echo "ghostscript (gs) not found: corpus-samples/vi-outlines.pdf kept as it is"
fi
dotnet run --project tools/SampleGen -- scan "$out/vi-scanned.pdf" "$tmp"/page*.png
ls -l "$out" "$out/screen"
