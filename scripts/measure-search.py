#!/usr/bin/env python3
"""Measures full-text search on the release build (issue 11): median and p95 of GET .../search over
MEASURE_DOCUMENTS documents (100,000 unless set) of about 20 KB of text each, half associated with
John Smith and half with Peter Jones, for alice (every defendant) and sara (John Smith only), on
SQLite and, when it answers, PostgreSQL, each beside GET /healthz in the same run.

The documents are written straight into the tables (the index triggers of migration 0007 fill the
search index as the upload path would); the searches go through the real server over HTTP.
Run by scripts/measure-search.sh; standard library only, plus psql for PostgreSQL."""
import argparse, io, measure_http, os, random, shutil, socket, sqlite3, statistics, subprocess, sys, tempfile, time
import urllib.parse, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDR = os.environ.get("MEASURE_ADDR", "127.0.0.1:3301")
BASE = f"http://{ADDR}"
COUNT = int(os.environ.get("MEASURE_DOCUMENTS", "100000"))
POSTGRES = os.environ.get("CASEWARD_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")

QUERIES = [("smith", "a rare word (1 in 10 documents)"), ("station", "a common word (every other document)"),
           ('"john smith"', "a phrase"), ("stat*", "a prefix")]


def call(opener, method, path, body=None, headers=None):
    return measure_http.call(BASE, opener, method, path, body, headers)


def signed_in(email):
    return measure_http.signed_in(BASE, email)


def texts(count):
    """About 20 KB of words per document: shared paragraphs in a varying order, with the rare and
    common words in known shares of the documents."""
    rng = random.Random(11)
    vocabulary = [f"w{n:04d}" for n in range(5000)] + ["evidence", "witness", "report", "interview", "vehicle", "statement"]
    paragraphs = [" ".join(rng.choices(vocabulary, k=160)) + ".\n" for _ in range(400)]
    for i in range(count):
        parts = [paragraphs[rng.randrange(400)] for _ in range(20)]
        if i % 2 == 0:
            parts.append("Seen near the station at ten.\n")
        if i % 20 in (0, 5):
            parts.append("The witness named John Smith.\n")
        yield "".join(parts)


def start_server(env):
    return measure_http.start_server(ROOT, ADDR, env)


def prepare(env):
    """Starts the server once on the empty database (migrations, demo data), shares CASE-0001 with
    sara for John Smith, and stops it again."""
    server = start_server(env)
    try:
        alice = signed_in("alice@cps.example.cjsm.net")
        case = next(c for c in call(alice, "GET", "/api/v1/cases") if c["reference"] == "CASE-0001")
        john, peter = (d["id"] for d in call(alice, "GET", f"/api/v1/cases/{case['id']}")["defendants"])
        call(alice, "POST", f"/api/v1/cases/{case['id']}/members", {"email": "sara@swatham.cjsm.net", "role": "defence_advocate", "defendants": [john]})
        return case["id"], john, peter
    finally:
        server.terminate()
        server.wait()


def fill_sqlite(path, case, john, peter):
    db = sqlite3.connect(path)
    now = int(time.time() * 1000)
    db.execute("INSERT INTO blobs (sha256, size, created_at) VALUES (?, 20000, ?)", ("0" * 64, now))
    started = time.perf_counter()
    for i, text in enumerate(texts(COUNT)):
        cursor = db.execute(
            "INSERT INTO documents (case_id, name, name_key, content_type, size, sha256, text_status, uploaded_at, updated_at) "
            "VALUES (?, ?, ?, 'text/plain', 20000, ?, 'extracted', ?, ?)",
            (case, f"Exhibit {i:06}.txt", f"exhibit {i:06}.txt", "0" * 64, now, now))
        db.execute("INSERT INTO document_texts (document_id, body) VALUES (?, ?)", (cursor.lastrowid, text))
        db.execute("INSERT INTO document_defendants VALUES (?, ?)", (cursor.lastrowid, (john, peter)[i % 2]))
        if i % 5000 == 4999:
            db.commit()
    db.commit()
    db.close()
    return time.perf_counter() - started


def fill_postgres(url, case, john, peter):
    now = int(time.time() * 1000)
    psql = ["psql", "-q", "-v", "ON_ERROR_STOP=1", url]
    subprocess.run(psql + ["-c", f"INSERT INTO blobs (sha256, size, created_at) VALUES ('{'0' * 64}', 20000, {now})"], check=True)
    first = int(subprocess.run(psql + ["-At", "-c", "SELECT COALESCE(MAX(id), 0) + 1 FROM documents"], check=True, capture_output=True, text=True).stdout)
    started = time.perf_counter()
    batch = 5000
    generated = texts(COUNT)
    for start in range(0, COUNT, batch):
        documents, bodies, links = io.StringIO(), io.StringIO(), io.StringIO()
        for i in range(start, min(start + batch, COUNT)):
            id = first + i
            documents.write(f"{id}\t{case}\tExhibit {i:06}.txt\texhibit {i:06}.txt\ttext/plain\t20000\t{'0' * 64}\textracted\t{now}\t{now}\n")
            bodies.write(f"{id}\t{next(generated)}".replace("\n", " ").rstrip() + "\n")
            links.write(f"{id}\t{(john, peter)[i % 2]}\n")
        script = (
            "COPY documents (id, case_id, name, name_key, content_type, size, sha256, text_status, uploaded_at, updated_at) FROM STDIN;\n"
            + documents.getvalue() + "\\.\n"
            + "COPY document_texts (document_id, body) FROM STDIN;\n" + bodies.getvalue() + "\\.\n"
            + "COPY document_defendants (document_id, defendant_id) FROM STDIN;\n" + links.getvalue() + "\\.\n")
        subprocess.run(psql, input=script, text=True, check=True)
    subprocess.run(psql + ["-c", "SELECT setval(pg_get_serial_sequence('documents', 'id'), (SELECT MAX(id) FROM documents)); ANALYZE;"], check=True, capture_output=True)
    return time.perf_counter() - started


def timed(opener, path, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        body = call(opener, "GET", path)
        times.append((time.perf_counter() - started) * 1000)
    times = sorted(times[3:])
    return body, statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def measure(label, env, case):
    server = start_server(env)
    try:
        floor = measure_http.client()
        _, median, p95 = timed(floor, "/healthz", 103)
        print(f"\n{label}: {COUNT:,} documents. GET /healthz median {median:.2f} ms, p95 {p95:.2f} ms")
        viewers = (("alice (every defendant)", signed_in("alice@cps.example.cjsm.net")),
                   ("sara (John Smith only)", signed_in("sara@swatham.cjsm.net")))
        for query, what in QUERIES:
            path = f"/api/v1/cases/{case}/search?q={urllib.parse.quote(query)}"
            for who, opener in viewers:
                body, median, p95 = timed(opener, path, 23)
                print(f"  {query:<14} {what:<38} {who:<24} {body['total']:>7,} hits  median {median:8.2f} ms  p95 {p95:8.2f} ms")
    finally:
        server.terminate()
        server.wait()


def postgres_answers():
    host = POSTGRES.rsplit("@", 1)[-1].split("/")[0]
    name, _, port = host.partition(":")
    try:
        socket.create_connection((name, int(port or 5432)), timeout=1).close()
        return shutil.which("psql") is not None
    except OSError:
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    only = parser.parse_args().only
    if not os.path.exists(os.path.join(ROOT, "target/release/caseward")):
        sys.exit("build the release first: cargo leptos build --release --split")
    work = tempfile.mkdtemp(prefix="caseward-search-")
    if only != "postgres":
        env = {"DATABASE_URL": f"sqlite://{work}/caseward.db", "CASEWARD_DEMO": "1", "CASEWARD_BLOB_URL": f"{work}/blobs",
               "CASEWARD_STAGING_DIR": f"{work}/uploads"}
        case, john, peter = prepare(env)
        print(f"SQLite: wrote {COUNT:,} documents and their index in {fill_sqlite(f'{work}/caseward.db', case, john, peter):.0f} s")
        measure("SQLite (FTS5)", env, case)
        os.remove(f"{work}/caseward.db")
    if only != "sqlite" and postgres_answers():
        name = f"caseward_search_{random.randrange(16**8):08x}"
        subprocess.run(["psql", "-q", f"{POSTGRES}/postgres", "-c", f"CREATE DATABASE {name}"], check=True)
        url = f"{POSTGRES}/{name}"
        try:
            env = {"DATABASE_URL": url, "CASEWARD_DEMO": "1", "CASEWARD_BLOB_URL": f"{work}/blobs", "CASEWARD_STAGING_DIR": f"{work}/uploads"}
            case, john, peter = prepare(env)
            print(f"PostgreSQL: wrote {COUNT:,} documents and their index in {fill_postgres(url, case, john, peter):.0f} s")
            measure("PostgreSQL (tsvector, GIN)", env, case)
        finally:
            subprocess.run(["psql", "-q", f"{POSTGRES}/postgres", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
