#!/usr/bin/env bash
# The REST API's contract: schemathesis generates requests from /api/v1/openapi.json and checks
# every answer against the document (its status, content type and body schema) and that none is
# a server error. It runs against the release build on a fresh SQLite file with the demo data,
# signed in as a demo user. Needs target/release/caseward and .venv (scripts/setup.sh --with-browser).
set -euo pipefail
cd "$(dirname "$0")/.."

addr="${CONTRACT_ADDR:-127.0.0.1:3200}"
dir=target/contract
rm -rf "$dir"
mkdir -p "$dir"
DATABASE_URL="sqlite://$dir/caseward.db" CASEWARD_DEMO=1 LEPTOS_SITE_ADDR="$addr" \
  CASEWARD_BLOB_URL="$dir/blobs" CASEWARD_STAGING_DIR="$dir/uploads" CASEWARD_LOG="${CONTRACT_LOG:-warn}" \
  target/release/caseward >"$dir/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

# Signing in waits for the server to listen (curl retries a refused connection, with a bound).
token=$(curl -sS --retry 30 --retry-connrefused --retry-max-time 60 -o /dev/null -D - \
  -H 'content-type: application/json' \
  -d '{"email":"alice@cps.example.cjsm.net","password":"caseward-demo"}' \
  "http://$addr/api/v1/session" | sed -n 's/^[Ss]et-[Cc]ookie: caseward_session=\([^;]*\).*/\1/p' | tr -d '\r')
if [ -z "$token" ]; then
  echo "could not sign in to the contract server; its log:" >&2
  cat "$dir/server.log" >&2
  exit 1
fi

# Signing out would end the session the run uses; the HTTP tests cover it.
.venv/bin/st --config-file scripts/schemathesis.toml run "http://$addr/api/v1/openapi.json" \
  --url "http://$addr" \
  --header "Cookie: caseward_session=$token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --exclude-operation-id sign_out \
  --phases examples,coverage,fuzzing \
  --max-examples "${CONTRACT_EXAMPLES:-25}" \
  --seed "${CONTRACT_SEED:-20261201}" \
  --workers 1 \
  --report junit --report-dir "$dir/report"
