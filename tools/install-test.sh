#!/usr/bin/env bash
# Installs the .deb that tools/release.sh made (as root, with apt-get) and runs it the way a provincial office would: no
# .NET SDK on PATH, 'simeng doctor', the README's first command, the installed units verified, the web application
# started from the unit's command line as the simeng user (/healthz, /metrics). Called by .ci/run after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls -t dist/simeng_*_amd64.deb | head -n 1)
lintian --tag-display-limit 0 --fail-on error,warning "$deb"
# --allow-downgrades: a re-run of an older commit on a machine that has a newer build (a clean machine has none)
apt-get install -y -qq --allow-downgrades "./$deb" >/dev/null
nodotnet=$(mktemp -d)
for f in /usr/bin/*; do [ "${f##*/}" = dotnet ] || ln -s "$f" "$nodotnet/"; done
installed() { env -i HOME=/root LANG=C.UTF-8 PATH="$nodotnet:/usr/sbin" "$@"; }
installed sh -c '! command -v dotnet >/dev/null' || { echo "dotnet is still on PATH"; exit 1; }
installed simeng --version
installed simeng config show --for serve
work=$(mktemp -d)
cp -r corpus-samples "$work/"
installed simeng doctor --index "$work/doctor-index" --data "$work/doctor-data" --urls http://127.0.0.1:5088
# the README's first command, with the installed binary
(cd "$work" && installed simeng screen --manifest corpus-samples/screen/manifest.csv --index out/sample-index --out out/pairs.csv --quiet)
test "$(tail -n +2 "$work/out/pairs.csv" | cut -d, -f1,2 | sort | tr '\n' ' ')" = "r2,r1 r4,r3 " \
  || { echo "the installed simeng did not flag exactly r2,r1 and r4,r3"; cat "$work/out/pairs.csv"; exit 1; }
systemd-analyze verify /lib/systemd/system/simeng.service /lib/systemd/system/simeng-worker@.service
# the web application from the unit's command line, as the simeng user, with the packaged configuration
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/simeng.service)
(cd /var/lib/simeng && runuser -u simeng -- env -i LANG=C.UTF-8 PATH="$nodotnet:/usr/sbin" SIMENG__URLS=http://127.0.0.1:5089 $exec_start \
  > "$work/serve.log" 2>&1) &
served=$!
for _ in $(seq 1 60); do curl -sf -o /dev/null http://127.0.0.1:5089/healthz && break; sleep 1; done
health=$(curl -s -w " HTTP %{http_code}" http://127.0.0.1:5089/healthz || true)
metrics=$(curl -s http://127.0.0.1:5089/metrics | grep -E '^simeng_(up|index_reports|jobs)[ {]' || true)
pkill -TERM -u simeng -f "simeng serve" || true
wait "$served" || true
echo "installed service: /healthz $health"
echo "$metrics"
[[ "$health" == *"HTTP 200" ]] && grep -q '^simeng_up 1' <<<"$metrics" || { echo "the installed service did not answer"; cat "$work/serve.log"; exit 1; }
rm -rf "$work"
