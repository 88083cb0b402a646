#!/usr/bin/env bash
# Builds dist/simeng_VERSION_amd64.deb from a self-contained linux-x64 publish folder (made by tools/release.sh):
# /usr/lib/simeng/simeng (+ native libraries), /usr/bin/simeng, /etc/simeng/simeng.json (a conffile), the systemd units
# in /lib/systemd/system, the Vietnamese guide in /usr/share/doc/simeng/huong-dan; postinst makes the 'simeng' system user
# and /var/lib/simeng. Usage: tools/make-deb.sh PUBLISH_DIR VERSION
set -euo pipefail
cd "$(dirname "$0")/.."
pub="$1"
version="$2"
deb_version="${version%%+*}"
commit="${version#*+}"
# commit hashes do not sort: the commit's time first, so that a later build is always an upgrade for dpkg
if [ "$commit" != "$version" ]; then
  when=$(TZ=UTC git log -1 --format=%cd --date=format-local:%Y%m%d%H%M%S "$commit" 2>/dev/null || date -u +%Y%m%d%H%M%S)
  deb_version="$deb_version+git$when.${commit:0:7}"
fi
root="dist/deb-root"
rm -rf "$root"
install -d "$root/DEBIAN" "$root/usr/lib/simeng" "$root/usr/bin" "$root/etc/simeng" "$root/lib/systemd/system" \
  "$root/usr/share/doc/simeng/huong-dan" "$root/usr/share/lintian/overrides"
install -m 0755 "$pub/simeng" "$root/usr/lib/simeng/simeng"
find "$pub" -maxdepth 1 -name '*.so' -exec install -m 0644 {} "$root/usr/lib/simeng/" \;
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root"/usr/lib/simeng/*.so
ln -s ../lib/simeng/simeng "$root/usr/bin/simeng"
install -m 0644 packaging/simeng.json "$root/etc/simeng/simeng.json"
install -m 0644 packaging/systemd/simeng.service packaging/systemd/simeng-worker@.service "$root/lib/systemd/system/"
install -m 0644 docs/huong-dan/*.md "$root/usr/share/doc/simeng/huong-dan/"
if ls docs/huong-dan/anh/*.png >/dev/null 2>&1; then
  install -d "$root/usr/share/doc/simeng/huong-dan/anh" && install -m 0644 docs/huong-dan/anh/*.png "$root/usr/share/doc/simeng/huong-dan/anh/"
fi
install -m 0644 packaging/deb/copyright "$root/usr/share/doc/simeng/copyright"
install -d "$root/usr/share/man/man1" && gzip -9n < packaging/deb/simeng.1 > "$root/usr/share/man/man1/simeng.1.gz"
chmod 0644 "$root/usr/share/man/man1/simeng.1.gz"
{
  echo "simeng ($deb_version) stable; urgency=medium"
  echo
  echo "  * Built from commit $commit."
  echo
  echo " -- SimilarityEngine <simeng@localhost.invalid>  $(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n > "$root/usr/share/doc/simeng/changelog.gz"
install -m 0644 packaging/deb/lintian-overrides "$root/usr/share/lintian/overrides/simeng"
echo "/etc/simeng/simeng.json" > "$root/DEBIAN/conffiles"
install -m 0755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$root/DEBIAN/"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$deb_version/" -e "s/@SIZE@/$size/" packaging/deb/control.in > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums" "$root/DEBIAN/conffiles" "$root/DEBIAN/control"
out="dist/simeng_${deb_version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out"
