#!/usr/bin/env bash
# The time to build a production of 1,000 documents of 20 KB text (one in ten redacted), on the
# release build, on SQLite and (when 127.0.0.1:5432 answers) PostgreSQL. MEASURE_DOCUMENTS sets
# another count.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x target/release/caseward ] || scripts/release-build.sh
exec python3 scripts/measure-production.py "$@"
