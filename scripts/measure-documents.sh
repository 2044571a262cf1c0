#!/usr/bin/env bash
# Documents' figures on the release build: upload throughput and the server's peak memory during
# uploads of 50 and 200 MiB, and a 10,000-document folder listed for a scoped viewer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -x target/release/caseward ] || scripts/release-build.sh
exec python3 scripts/measure-documents.py
