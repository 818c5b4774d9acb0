#!/usr/bin/env python3
"""The baseline the drills' failover times are compared with: HAProxy's health-check failover time
with the settings of the local drills (probe every 250 ms, fall 3, rise 3).
Two loopback apps (desktop primary, gke backup); HAProxy checks every INTER ms, fall/rise 3.
Outage = the desktop app starts refusing connections. Measures, over N drills, the time from the
outage to the first request answered by gke, and the user error rate meanwhile.
Usage: haproxy_failover.py [drills=10] [inter_ms=250]"""
import http.server, socketserver, threading, time, subprocess, sys, os, socket, urllib.request, statistics, tempfile

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10
INTER = int(sys.argv[2]) if len(sys.argv) > 2 else 250
P_FRONT, P_DESK, P_GKE = 18480, 18481, 18482

def app(port, name):
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            b = name.encode(); self.send_response(200); self.send_header("Content-Length", str(len(b)))
            self.end_headers(); self.wfile.write(b)
        def log_message(self, *a): pass
    class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
        allow_reuse_address = True; daemon_threads = True
        def handle_error(self, request, client_address): pass
    s = S(("127.0.0.1", port), H); threading.Thread(target=s.serve_forever, daemon=True).start(); return s

cfg = f"""global
  maxconn 1000
defaults
  mode http
  timeout connect 200ms
  timeout client 5s
  timeout server 800ms
  retries 0
frontend fe
  bind 127.0.0.1:{P_FRONT}
  default_backend be
backend be
  option httpchk GET /healthz
  default-server inter {INTER}ms fall 3 rise 3
  server desktop 127.0.0.1:{P_DESK} check
  server gke 127.0.0.1:{P_GKE} check backup
"""
cf = tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False); cf.write(cfg); cf.close()
gke = app(P_GKE, "gke")
results = []
for i in range(N):
    desk = app(P_DESK, "desktop")
    hp = subprocess.Popen(["haproxy", "-f", cf.name, "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(INTER * 5 / 1000 + 0.5)          # rise to UP
    def get():
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{P_FRONT}/", timeout=2).read().decode()
        except Exception:
            return "ERR"
    assert get() == "desktop", "haproxy not routing to desktop at start"
    time.sleep((i % 5) * INTER / 5 / 1000)      # vary the outage phase against the check timer
    t0 = time.time(); desk.shutdown(); desk.server_close()
    errs = reqs = 0; tf = None
    while time.time() - t0 < 10:
        r = get(); reqs += 1
        if r == "gke": tf = time.time() - t0; break
        if r != "desktop": errs += 1
        time.sleep(0.005)
    hp.terminate(); hp.wait()
    results.append((tf, errs, reqs))
ts = sorted(r[0] * 1000 for r in results if r[0] is not None)
print(f"haproxy {subprocess.run(['haproxy','-v'],capture_output=True,text=True).stdout.split()[2]}: inter {INTER} ms, fall 3, rise 3, {N} drills")
print(f"failover ms: min {ts[0]:.0f} median {statistics.median(ts):.0f} max {ts[-1]:.0f} (detection window (fall-1)..fall x inter = {2*INTER}..{3*INTER} ms)")
print(f"errors during switch: median {statistics.median(r[1] for r in results)} of ~{statistics.median(r[2] for r in results)} requests")
