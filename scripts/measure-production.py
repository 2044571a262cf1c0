#!/usr/bin/env python3
"""Measures productions on the release build (issue 11): the time from creating a production of
1,000 text documents of 20 KB (one in ten with a redaction, so redacted text is written too) to its
ZIP being ready, on SQLite and, when 127.0.0.1:5432 answers, PostgreSQL. The documents are uploaded
over HTTP, 50 to a request, so that each is stored and its text extracted as any upload is.

Run by scripts/measure-production.sh after a release build; standard library only. MEASURE_DOCUMENTS
sets another count."""
import measure_http, os, socket, subprocess, sys, tempfile, time, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDR = os.environ.get("MEASURE_ADDR", "127.0.0.1:3301")
BASE = f"http://{ADDR}"
COUNT = int(os.environ.get("MEASURE_DOCUMENTS", "1000"))
WORDS = "statement witness knife station vehicle account transfer address interview evidence".split()


def call(opener, method, path, body=None):
    return measure_http.call(BASE, opener, method, path, body)


def text(i):
    words = [WORDS[(i * 7 + n * 3) % len(WORDS)] for n in range(2600)]
    return f"Document {i}. Home address: {i} Oak Road. " + " ".join(words)[:20_000]


def upload(opener, case, first, last):
    boundary = uuid.uuid4().hex
    parts = []
    for i in range(first, last):
        parts.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"doc-{i:05}.txt\"\r\n"
                     "Content-Type: text/plain\r\n\r\n".encode() + text(i).encode() + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"{BASE}/api/v1/cases/{case}/documents", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with opener.open(request) as response:
        assert response.status == 201, response.status
        return [d["id"] for d in measure_http.json.loads(response.read())]


def measure(database, label):
    work = tempfile.mkdtemp(prefix="caseward-production-")
    env = {"DATABASE_URL": database or f"sqlite://{work}/caseward.db", "CASEWARD_DEMO": "1",
           "CASEWARD_BLOB_URL": f"{work}/blobs", "CASEWARD_STAGING_DIR": f"{work}/uploads"}
    server = measure_http.start_server(ROOT, ADDR, env)
    try:
        alice = measure_http.signed_in(BASE, "alice@cps.example.cjsm.net")
        case = call(alice, "POST", "/api/v1/cases", {"reference": f"PRD-{uuid.uuid4().hex[:8]}", "title": "Production measure", "defendants": ["A"]})["id"]
        ids = []
        for first in range(0, COUNT, 50):
            ids += upload(alice, case, first, min(first + 50, COUNT))
        for i, document in enumerate(ids[::10]):
            start = len(f"Document {i * 10}. Home address: ")
            call(alice, "POST", f"/api/v1/cases/{case}/documents/{document}/annotations",
                 {"kind": "redaction", "text": "Address", "anchor": {"type": "text", "start": start, "end": start + 12}})
        started = time.perf_counter()
        made = call(alice, "POST", f"/api/v1/cases/{case}/productions",
                    {"name": "Measure", "bates_prefix": "M-", "bates_start": 1, "documents": {"type": "search", "query": {}}})
        created = time.perf_counter()
        while True:
            now = call(alice, "GET", f"/api/v1/cases/{case}/productions/{made['id']}")
            if now["status"] in ("ready", "failed"):
                break
            time.sleep(0.05)
        ready = time.perf_counter()
        assert now["status"] == "ready", now
        print(f"{label}: {now['documents']} documents ({now['redacted']} redacted), creating {created - started:.2f} s, "
              f"created to ready {ready - created:.2f} s (polled every 50 ms), ZIP {now['size'] / 1024 / 1024:.1f} MiB")
    finally:
        server.terminate()
        server.wait()


def postgres_answers():
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


def main():
    if not os.path.exists(os.path.join(ROOT, "target/release/caseward")):
        sys.exit("build the release first: cargo leptos build --release --split")
    measure(None, "SQLite")
    if postgres_answers():
        name = f"caseward_measure_{uuid.uuid4().hex[:8]}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
        try:
            measure(f"postgres://postgres@127.0.0.1:5432/{name}", "PostgreSQL")
        finally:
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE {name} WITH (FORCE)"], check=True)


if __name__ == "__main__":
    main()
