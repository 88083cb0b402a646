#!/usr/bin/env python3
"""Load test of `simeng serve` on loopback, bounded in time and count (not a unit test: machines here are noisy).

Starts the server on a fresh copy of the sample index, then
  1. 20 concurrent uploads of the corpus-samples reports through the API (POST /api/checks), waits for every check;
  2. 200 concurrent loads of report pages (GET /checks/ID, signed in with a cookie), spread over the finished checks.
Prints the number of errors, p50/p95/max latency of each phase and the server's peak resident memory (VmHWM; the
extraction workers are separate processes and listed apart).

Usage: python3 tools/loadtest.py [--simeng src/Cli/bin/Release/net10.0/simeng] [--uploads 20] [--pages 200]
"""
import argparse, concurrent.futures as cf, glob, http.cookiejar, json, os, re, shutil, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--simeng", default="src/Cli/bin/Release/net10.0/simeng")
ap.add_argument("--uploads", type=int, default=20)
ap.add_argument("--pages", type=int, default=200)
ap.add_argument("--port", type=int, default=5181)
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
if not os.path.exists(args.simeng):
    subprocess.run(["dotnet", "build", "-c", "Release", "src/Cli", "-v", "q", "--nologo"], check=True)
work = tempfile.mkdtemp(prefix="simeng-load-")
index, data = f"{work}/index", f"{work}/data"
base = f"http://127.0.0.1:{args.port}"
subprocess.run([args.simeng, "ingest", "--manifest", "corpus-samples/screen/manifest.csv", "--index", index, "--quiet"], check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for name, role in (("tai", "reviewer"), ("xem", "viewer")):
    subprocess.run([args.simeng, "users", "add", name, "--role", role, "--data", data], input=b"mat-khau-123\n", check=True, stdout=subprocess.DEVNULL)
token = subprocess.run([args.simeng, "users", "token", "tai", "--data", data], check=True, capture_output=True, text=True).stdout.strip()
server = subprocess.Popen([args.simeng, "serve", "--index", index, "--data", data, "--urls", base], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def peak_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def children(pid):
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
        return [int(x) for x in out.split()]
    except OSError:
        return []


def pct(values, p):
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


try:
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login", timeout=2)
            break
        except Exception:
            time.sleep(0.3)
    files = sorted(glob.glob("corpus-samples/screen/*.docx")) + sorted(glob.glob("corpus-samples/*.docx"))

    def upload(i):
        f = files[i % len(files)]
        t = time.perf_counter()
        r = subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-H", f"Authorization: Bearer {token}",
                            "-F", f"file=@{f}", base + "/api/checks"], capture_output=True, text=True)
        dt = time.perf_counter() - t
        body, code = r.stdout.rsplit("\n", 1)
        return dt, int(code), (json.loads(body).get("id") if code == "202" else body)

    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(args.uploads) as pool:
        up = list(pool.map(upload, range(args.uploads)))
    upload_errors = [u for u in up if u[1] != 202]
    ids = [u[2] for u in up if u[1] == 202]
    # wait for every check, bounded
    pending, deadline = set(ids), time.time() + 600
    failed_jobs = []
    while pending and time.time() < deadline:
        for i in list(pending):
            req = urllib.request.Request(f"{base}/api/checks/{i}", headers={"Authorization": f"Bearer {token}"})
            s = json.load(urllib.request.urlopen(req))
            if s["status"] in ("done", "failed"):
                pending.discard(i)
                if s["status"] == "failed":
                    failed_jobs.append((i, s["error"]))
        time.sleep(0.3)
    checks_wall = time.perf_counter() - t0

    # a signed-in viewer's cookie
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login").read().decode()
    af = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1)
    opener.open(base + "/login", urllib.parse.urlencode({"name": "xem", "password": "mat-khau-123", "__RequestVerificationToken": af}).encode())
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)

    def load(i):
        t = time.perf_counter()
        r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", f"Cookie: {cookie}", f"{base}/checks/{ids[i % len(ids)]}"],
                           capture_output=True, text=True)
        return time.perf_counter() - t, int(r.stdout)

    seq = [load(i)[0] * 1000 for i in range(20)]
    t1 = time.perf_counter()
    with cf.ThreadPoolExecutor(args.pages) as pool:
        loads = list(pool.map(load, range(args.pages)))
    pages_wall = time.perf_counter() - t1
    page_errors = [l for l in loads if l[1] != 200]
    up_t = [u[0] * 1000 for u in up]
    pg_t = [l[0] * 1000 for l in loads]
    workers = children(server.pid)
    print(f"uploads: {len(up)} concurrent, {len(upload_errors)} errors, accept latency p50 {statistics.median(up_t):.0f} ms, "
          f"p95 {pct(up_t, 95):.0f} ms, max {max(up_t):.0f} ms; all {len(ids)} checks finished in {checks_wall:.1f} s "
          f"({len(failed_jobs)} failed, {len(pending)} unfinished)")
    print(f"report page alone (20 in a row): p50 {statistics.median(seq):.0f} ms, max {max(seq):.0f} ms")
    print(f"report pages: {len(loads)} concurrent, {len(page_errors)} errors, p50 {statistics.median(pg_t):.0f} ms, "
          f"p95 {pct(pg_t, 95):.0f} ms, max {max(pg_t):.0f} ms, wall {pages_wall:.1f} s")
    print(f"server peak memory (VmHWM): {peak_kib(server.pid) / 1024:.0f} MiB; extraction workers: "
          + (", ".join(f"{peak_kib(p) / 1024:.0f} MiB" for p in workers) or "none running"))
    ok = not upload_errors and not page_errors and not failed_jobs and not pending
    if not ok:
        print("errors:", upload_errors[:3], page_errors[:3], failed_jobs[:3], file=sys.stderr)
    sys.exit(0 if ok else 1)
finally:
    server.terminate()
    server.wait(30)
    shutil.rmtree(work, ignore_errors=True)
