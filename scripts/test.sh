#!/usr/bin/env bash
# Installs what is missing and runs every test: unit and property tests, service and HTTP tests on
# SQLite and (when 127.0.0.1:5432 answers) PostgreSQL, then the Playwright journeys in headless
# Chromium against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "unit, property, service and HTTP tests"
# Per package, with app's server side only: building app with both ssr and hydrate is invalid.
cargo test --locked -p domain -p service -p app -p server --features app/ssr

step "release build (what users run)"
cargo leptos build --release

step "end-to-end journeys in headless Chromium"
cd end2end
npx playwright test
