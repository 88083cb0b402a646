#!/usr/bin/env python3
"""Load test of `simeng serve` on loopback, bounded in time and count (not a unit test: machines here are noisy).

Starts the server on a fresh copy of the sample index, then
  1. 20 concurrent uploads of the corpus-samples reports through the API (POST /api/checks), waits for every check;
  2. 200 concurrent loads of report pages (GET /checks/ID, signed in with a cookie), spread over the finished checks.
Prints the number of errors, p50/p95/max latency of each phase and the server's peak resident memory (VmHWM; the
extraction workers are separate processes and listed apart).

With --index DIR (an archive already built, e.g. by `simeng bench --out`), the server reads that index instead (the
index is not changed: nothing is archived), and then
  3. --checks N checks in a row, one at a time, of files drawn from --check-files (a glob): the reviewer's wait, from the
     upload to the finished report (status polled every 10 ms), p50/p95;
  4. --searches N concurrent archive searches (GET /api/reports?q=…), p50/p95.

Usage: python3 tools/loadtest.py [--simeng src/Cli/bin/Release/net10.0/simeng] [--uploads 20] [--pages 200]
       [--index DIR --check-files 'DIR/corpus/*.txt' --checks 60 --searches 200]
"""
import argparse, concurrent.futures as cf, glob, http.cookiejar, json, os, threading, re, shutil, statistics, subprocess, sys, tempfile, time
import urllib.error, urllib.parse, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--simeng", default="src/Cli/bin/Release/net10.0/simeng")
ap.add_argument("--uploads", type=int, default=20)
ap.add_argument("--pages", type=int, default=200)
ap.add_argument("--port", type=int, default=5181)
ap.add_argument("--index", help="serve this existing index instead of a fresh copy of the samples")
ap.add_argument("--check-files", help="glob of files for the checks in a row")
ap.add_argument("--checks", type=int, default=60)
ap.add_argument("--searches", type=int, default=200)
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
if not os.path.exists(args.simeng):
    subprocess.run(["dotnet", "build", "-c", "Release", "src/Cli", "-v", "q", "--nologo"], check=True)
work = tempfile.mkdtemp(prefix="simeng-load-")
index, data = args.index or f"{work}/index", f"{work}/data"
base = f"http://127.0.0.1:{args.port}"
if not args.index:
    subprocess.run([args.simeng, "ingest", "--manifest", "corpus-samples/screen/manifest.csv", "--index", index, "--quiet"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for name, role in (("tai", "reviewer"), ("xem", "viewer")):
    subprocess.run([args.simeng, "users", "add", name, "--role", role, "--data", data], input=b"mat-khau-123\n", check=True, stdout=subprocess.DEVNULL)
token = subprocess.run([args.simeng, "users", "token", "tai", "--data", data], check=True, capture_output=True, text=True).stdout.strip()
server_log = open(f"{work}/serve.log", "w")
# the limits per user (30 uploads a minute) would refuse a load test: raised through the environment, as configuration
server = subprocess.Popen([args.simeng, "serve", "--index", index, "--data", data, "--urls", base],
                          stdout=server_log, stderr=subprocess.STDOUT,
                          env=dict(os.environ, Serve__UploadsPerMinute="100000", Serve__MaxPendingJobsPerUser="100000"))


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
    wait_errors, search_errors = [], []
    if args.index and args.check_files:
        import random
        pool_files = sorted(glob.glob(args.check_files))
        rnd = random.Random(7)
        waits = []
        for _ in range(args.checks):
            f = pool_files[rnd.randrange(len(pool_files))]
            t = time.perf_counter()
            r = subprocess.run(["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-H", f"Authorization: Bearer {token}",
                                "-F", f"file=@{f}", base + "/api/checks"], capture_output=True, text=True)
            body, code = r.stdout.rsplit("\n", 1)
            if code != "202":
                wait_errors.append(body)
                continue
            jid = json.loads(body)["id"]
            while True:
                req = urllib.request.Request(f"{base}/api/checks/{jid}", headers={"Authorization": f"Bearer {token}"})
                st = json.load(urllib.request.urlopen(req))
                if st["status"] in ("done", "failed"):
                    break
                time.sleep(0.01)
            if st["status"] == "failed":
                wait_errors.append(st["error"])
            else:
                waits.append((time.perf_counter() - t) * 1000)
        if waits:
            print(f"checks in a row: {len(waits)} done, {len(wait_errors)} errors; upload to finished report p50 "
                  f"{statistics.median(waits):.0f} ms, p95 {pct(waits, 95):.0f} ms, max {max(waits):.0f} ms")
        words = ["hoc sinh", "giao vien", "phuong phap", "lop hoc", "ket qua", "bai tap", "truong", "sang kien"]

        # from threads of this process, not one curl process each: 200 curl processes starting at once on 2 cores cost
        # the machine more than the searches do, and the figure would measure them
        start_gate = threading.Barrier(args.searches)

        def search(i):
            q = urllib.parse.quote(words[i % len(words)])
            req = urllib.request.Request(f"{base}/api/reports?q={q}", headers={"Authorization": f"Bearer {token}"})
            start_gate.wait()
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=120) as r:
                    r.read()
                    code = str(r.status)
            except urllib.error.HTTPError as e:
                code = str(e.code)
            return (time.perf_counter() - t) * 1000, code

        with cf.ThreadPoolExecutor(args.searches) as ex:
            found = list(ex.map(search, range(args.searches)))
        search_errors = [c for _, c in found if c != "200"]
        st_ = [d for d, _ in found]
        print(f"archive searches: {len(found)} concurrent, {len(search_errors)} errors, p50 {statistics.median(st_):.0f} ms, "
              f"p95 {pct(st_, 95):.0f} ms, max {max(st_):.0f} ms")
        st = {l.split(":")[0]: int(l.split()[1]) for l in open(f"/proc/{server.pid}/status") if l.startswith(("VmRSS", "RssAnon", "RssFile"))}
        print(f"server peak memory after the checks and searches (VmHWM): {peak_kib(server.pid) / 1024:.0f} MiB; now "
              f"{st.get('VmRSS', 0) / 1024:.0f} MiB resident, of which {st.get('RssAnon', 0) / 1024:.0f} MiB its own "
              f"(heap) and {st.get('RssFile', 0) / 1024:.0f} MiB pages of mapped files (index, postings: page cache)")
    ok = not upload_errors and not page_errors and not failed_jobs and not pending and not wait_errors and not search_errors
    if not ok:
        print("errors:", upload_errors[:3], page_errors[:3], failed_jobs[:3], file=sys.stderr)
    sys.exit(0 if ok else 1)
except Exception:
    server_log.flush()
    print("the server said:\n" + open(f"{work}/serve.log").read()[-3000:], file=sys.stderr)
    raise
finally:
    server.terminate()
    server.wait(30)
    shutil.rmtree(work, ignore_errors=True)
