"""What the measurement scripts share: a cookie-keeping client, JSON calls and signing in as a demo
user, against the release server at `base`. Standard library only."""
import http.cookiejar, json, os, subprocess, sys, time, urllib.request


def start_server(root, addr, env):
    """Starts the release server at `addr` with `env` over the environment, and waits until /healthz
    answers (a minute at most)."""
    binary = os.path.join(root, "target/release/caseward")
    server = subprocess.Popen([binary], cwd=root, env={**os.environ, "LEPTOS_SITE_ADDR": addr, "CASEWARD_LOG": "warn", **env})
    for _ in range(1200):
        try:
            urllib.request.urlopen(f"http://{addr}/healthz")
            return server
        except OSError:
            time.sleep(0.05)
    server.terminate()
    sys.exit("the server did not start")


def client():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def call(base, opener, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    with opener.open(request) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def signed_in(base, email):
    opener = client()
    call(base, opener, "POST", "/api/v1/session", {"email": email, "password": "caseward-demo"})
    return opener
