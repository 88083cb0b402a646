#!/usr/bin/env bash
# Builds the self-contained simeng for linux-x64 (one file, ReadyToRun; no .NET needed on the server) and packs it with
# the Vietnamese guide into dist/simeng-VERSION-linux-x64.tar.gz; for linux-x64 also the Debian package
# dist/simeng_VERSION_amd64.deb (tools/make-deb.sh, when dpkg-deb is there). Usage: tools/release.sh [RID] (default linux-x64).
set -euo pipefail
cd "$(dirname "$0")/.."
rid="${1:-linux-x64}"
out="dist/publish-$rid"
rm -rf "$out"
dotnet publish src/Cli -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -p:PublishReadyToRun=true \
  -p:DebugType=none -p:GenerateDocumentationFile=false -o "$out" >/dev/null
exe="$out/simeng"; [ -f "$exe" ] || exe="$out/simeng.exe"
# a Windows build cannot be run here to ask it: the same string from the project's version and the commit
version="$("$exe" --version 2>/dev/null || echo "$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)+$(git rev-parse HEAD 2>/dev/null || echo unknown)")"
name="simeng-${version%%+*}-$rid"
stage="dist/$name"
rm -rf "$stage" && mkdir -p "$stage"
cp "$out"/simeng* "$stage/" && cp -r docs/huong-dan "$stage/huong-dan" && cp -r packaging/systemd "$stage/systemd" && cp packaging/simeng.json "$stage/simeng.json" && cp README.md "$stage/README.md"
# native libraries that a single file cannot hold (SQLite for the web server's users and jobs)
find "$out" -maxdepth 1 \( -name '*.so' -o -name '*.dll' \) -exec cp {} "$stage/" \;
echo "$version" > "$stage/VERSION"
if [[ "$rid" == win-* ]]; then
  (cd dist && rm -f "$name.zip" && zip -qr "$name.zip" "$name")
  echo "dist/$name.zip ($version)"
else
  tar -C dist -czf "dist/$name.tar.gz" "$name"
  echo "dist/$name.tar.gz ($version)"
  if [ "$rid" = linux-x64 ] && command -v dpkg-deb >/dev/null; then
    tools/make-deb.sh "$out" "$version"
  fi
fi
