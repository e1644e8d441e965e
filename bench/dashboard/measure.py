"""Drives Debian's headless Chromium through chromedriver's W3C WebDriver HTTP API (urllib only, no packages) for
bench/dashboard/run.sh: seeds jobs into a migrated SQLite store, times the jobs page, and measures the server's CPU
with and without an open job page."""
import json, os, sqlite3, statistics, sys, time, urllib.request


def seed(db_path, count):
    describe = {
        "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize", "Status": "COMPLETED",
        "InputConfig": {"ModelName": "synthetic", "TrafficPattern": {"TrafficType": "STAIRS",
                        "Stairs": {"DurationInSeconds": 360, "NumberOfSteps": 3, "UsersPerStep": 2}},
                        "EndpointConfigurations": [{"InstanceType": "local.cpu1"}, {"InstanceType": "local.half"}]},
        "StoppingConditions": {"ModelLatencyThresholds": [{"Percentile": "P95", "ValueInMilliseconds": 1000}]},
    }
    start_ms = 1_790_000_000_000
    rows = []
    for i in range(count):
        name = f"bench-job-{i:04d}"
        created = start_ms + i * 60_000
        d = dict(describe, JobName=name, JobArn=f"arn:aws:sagemaker:us-east-1:000000000000:inference-recommendations-job/{name}",
                 CreationTime=created / 1000, LastModifiedTime=created / 1000 + 400, CompletionTime=created / 1000 + 400,
                 InferenceRecommendations=[{
                     "RecommendationId": f"{name}/1",
                     "Metrics": {"CostPerHour": 0.0255, "CostPerInference": 2.3e-8, "MaxInvocations": 18000 + i, "ModelLatency": 15958,
                                 "CpuUtilization": 45.5, "MemoryUtilization": 3.1},
                     "EndpointConfiguration": {"EndpointName": f"{name}-2", "VariantName": "AllTraffic", "InstanceType": "local.half",
                                               "InitialInstanceCount": 1},
                     "ModelConfiguration": {}}])
        rows.append((name, d["JobArn"], "Advanced", "COMPLETED", d["RoleArn"], "", created, created + 400_000, created + 400_000,
                     None, "synthetic", None, None, "{}", json.dumps(d)))
    with sqlite3.connect(db_path) as db:
        db.executemany("INSERT INTO jobs (name, arn, job_type, status, role_arn, description, creation_ms, last_modified_ms, completion_ms, "
                       "failure_reason, model_name, model_package_arn, sample_payload_url, request_json, describe_json) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


class Browser:
    def __init__(self, driver_url):
        self.base = driver_url
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking"]}}}}
        self.session = self.call("POST", "/session", caps)["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["value"]

    def go(self, url):
        self.call("POST", f"/session/{self.session}/url", {"url": url})

    def script(self, source):
        return self.call("POST", f"/session/{self.session}/execute/sync", {"script": source, "args": []})

    def close(self):
        self.call("DELETE", f"/session/{self.session}")


TIMING = """
const painted = performance.getEntriesByName('jobs-painted')[0];
if (!painted) return null;
const api = performance.getEntriesByType('resource').find(e => e.name.includes('/api/jobs?'));
const nav = performance.getEntriesByType('navigation')[0];
return { painted: painted.startTime, html: nav.responseEnd, apiStart: api.startTime, apiEnd: api.responseEnd,
         rendered: performance.getEntriesByName('jobs-rendered')[0].startTime, rows: document.querySelectorAll('#jobs-table tbody tr').length,
         caption: document.querySelector('#jobs-table caption').textContent,
         serverMs: api.responseStart - api.requestStart, apiMs: api.responseEnd - api.startTime };
"""


def jobs_page(browser, dashboard, query, loads):
    results = []
    for _ in range(loads):
        browser.go("about:blank")
        browser.go(f"{dashboard}#/jobs{query}")
        deadline = time.time() + 30
        while (timing := browser.script(TIMING)) is None:
            if time.time() > deadline:
                raise SystemExit("the jobs page did not render within 30 s")
            time.sleep(0.01)
        results.append(timing)
    return results


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_share(pid, seconds):
    before, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(pid) - before) / (time.monotonic() - t0) * 100


def main():
    command = sys.argv[1]
    if command == "seed":
        seed(sys.argv[2], int(sys.argv[3]))
        return
    browser = Browser(sys.argv[2])
    dashboard = sys.argv[3]
    try:
        if command == "jobs":
            loads = int(sys.argv[4])
            for label, query in [("first page", ""), ("page 20 (offset 950)", "?page=20"), ("status + name filter", "?status=COMPLETED&name=job-09")]:
                runs = jobs_page(browser, dashboard, query, loads + 1)
                cold, warm = runs[0], runs[1:]
                painted = [r["painted"] for r in warm]
                server = [r["serverMs"] for r in warm]
                print(f"{label}: {warm[0]['caption']} ({warm[0]['rows']} rows); first load painted at {cold['painted']:.0f} ms; "
                      f"then {loads} loads: painted median {statistics.median(painted):.0f} ms, max {max(painted):.0f} ms; "
                      f"/api/jobs server time (request to first byte) median {statistics.median(server):.1f} ms, max {max(server):.1f} ms")
                med = lambda key: statistics.median(r[key] for r in warm)
                print(f"  where the median load's time goes (ms from navigation start): HTML received {med('html'):.0f}, "
                      f"/api/jobs sent {med('apiStart'):.0f} and received {med('apiEnd'):.0f}, rows in the DOM {med('rendered'):.0f}, painted {med('painted'):.0f}")
                print(f"RESULT {label.split(' ')[0]} {statistics.median(painted):.1f} {max(painted):.1f}")
        elif command == "cpu":
            pid, job, seconds, rounds = int(sys.argv[4]), sys.argv[5], float(sys.argv[6]), int(sys.argv[7])
            closed, opened = [], []
            for _ in range(rounds):
                browser.go("about:blank")
                closed.append(cpu_share(pid, seconds))
                browser.go(f"{dashboard}#/job/{job}")
                opened.append(cpu_share(pid, seconds))
            status = browser.script("return document.querySelector('#job-status')?.textContent")
            diffs = [o - c for o, c in zip(opened, closed)]
            print("server CPU, % of one core, per round (page closed / open): "
                  + ", ".join(f"{c:.2f} / {o:.2f}" for c, o in zip(closed, opened)) + f"; job status on the page at the end: {status}")
            print(f"page open minus closed: mean {statistics.mean(diffs):.2f} points, min {min(diffs):.2f}, max {max(diffs):.2f}")
            print(f"RESULT cpu {statistics.mean(diffs):.3f}")
    finally:
        browser.close()


main()
