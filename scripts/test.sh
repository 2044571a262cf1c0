#!/usr/bin/env bash
# Installs what is missing and runs every test: formatting and lints first, then unit and property
# tests, service and HTTP tests on SQLite and (when 127.0.0.1:5432 answers) PostgreSQL, then
# against the release build the API contract (schemathesis) and the Playwright journeys in
# headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-browser
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "formatting and lints"
cargo fmt --all --check
# Server side with every target (tests, benches), then the browser crate for its own target.
cargo clippy --locked --all-targets -p domain -p service -p app -p server --features app/ssr -- -D warnings
cargo clippy --locked -p app -p frontend --target wasm32-unknown-unknown --features app/hydrate -- -D warnings

step "unit, property, service and HTTP tests"
# Per package, with app's server side only: building app with both ssr and hydrate is invalid.
cargo test --locked -p domain -p service -p app -p server --features app/ssr

step "release build (what users run)"
scripts/release-build.sh
node scripts/wasm-data-check.mjs

step "the REST API's contract (schemathesis against the OpenAPI document)"
scripts/api-contract.sh

step "end-to-end journeys in headless Chromium"
cd end2end
npx playwright test
