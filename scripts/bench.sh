#!/usr/bin/env bash
# The scale benchmark (issue 9; every later issue re-runs it). Installs what is missing (wrk
# from Debian among it), then prints:
#  1. each request's median and p95 beside GET /healthz, and wrk throughput, on a world of 100,000
#     cases, 1,000,000 grants and 20,000 users, on SQLite and (when 127.0.0.1:5432 answers)
#     PostgreSQL (server/benches/scale.rs);
#  2. the size of each WASM chunk of the release build, raw, gzip and brotli (what is served), and
#     the first chunk's code and data apart (scripts/wasm-sections.mjs), beside the floor the
#     framework sets (scripts/wasm-floor.sh), and the files and bytes each later screen's lazy
#     route downloads (scripts/wasm-routes.mjs);
#  3. the bytes a first visit (sign-in, then the case list) transfers in Chromium, and the WASM
#     a repeat visit transfers (end2end/tests/transfer.spec.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if ! command -v wrk >/dev/null; then
  echo "==> installing wrk (throughput)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

# The scale benchmark first: `cargo bench` also rebuilds target/release/caseward, without the
# release build's type erasure, so a server from it would not match the WASM (pages never
# hydrate). The release build after it puts back the binary the browser measurements need.
echo "==> requests at scale"
cargo bench -p server --bench scale

echo; echo "==> release build"
scripts/release-build.sh

echo; echo "==> the browser bundle, as served (bytes)"
echo "| file | raw | gzip | brotli |"
echo "|---|---|---|---|"
for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  [ -f "$f" ] || continue
  size() { if [ -f "$1" ]; then stat -c %s "$1"; else echo "-"; fi; }
  echo "| $(basename "$f") | $(size "$f") | $(size "$f.gz") | $(size "$f.br") |"
done

echo; echo "==> the first chunk, code and data (each later screen's code and data are in its own chunk)"
node scripts/wasm-sections.mjs target/site/pkg/caseward.*.wasm

echo; echo "==> what opening each later screen downloads (its chunk and the chunks it shares)"
node scripts/wasm-routes.mjs target/site/pkg

echo; echo "==> the floor: the smallest Leptos app with sign-in, a server-read list and the router, built the same way"
scripts/wasm-floor.sh 2>/dev/null | grep floor.wasm

echo; echo "==> bytes transferred in Chromium"
(cd end2end && npx playwright test tests/transfer.spec.ts --reporter=list) | grep -E "^transfer:|passed|failed"
