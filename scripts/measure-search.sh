#!/usr/bin/env bash
# Search latency on the release build over 100,000 documents of 20 KB text each, for a scoped and
# an unscoped viewer, on SQLite and (when 127.0.0.1:5432 answers) PostgreSQL. Slow: it writes about
# 2 GB of text into each database. MEASURE_DOCUMENTS sets another count.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x target/release/caseward ] || scripts/release-build.sh
exec python3 scripts/measure-search.py "$@"
