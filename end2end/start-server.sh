#!/usr/bin/env bash
# Starts the release build on a fresh SQLite file with the demo data, for the Playwright suite.
set -euo pipefail
cd "$(dirname "$0")/.."
db_dir=target/e2e
rm -rf "$db_dir"
mkdir -p "$db_dir"
export DATABASE_URL="sqlite://$db_dir/caseward.db"
export CASEWARD_DEMO=1
export CASEWARD_BLOB_URL="$db_dir/blobs"
export CASEWARD_STAGING_DIR="$db_dir/uploads"
export LEPTOS_SITE_ADDR="${E2E_ADDR:-127.0.0.1:3100}"
export CASEWARD_LOG="${CASEWARD_LOG:-warn}"
exec target/release/caseward
