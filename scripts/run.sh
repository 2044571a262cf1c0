#!/usr/bin/env bash
# Installs what is missing, builds the release app and serves it on http://127.0.0.1:3000 with a
# SQLite file under ./data, loading the demo data when the database is empty.
# Override with DATABASE_URL (sqlite://… or postgres://…), LEPTOS_SITE_ADDR, CASEWARD_DEMO=0, CASEWARD_LOG.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/release-build.sh
export DATABASE_URL="${DATABASE_URL:-sqlite://data/caseward.db}"
export CASEWARD_DEMO="${CASEWARD_DEMO:-1}"
exec target/release/caseward
