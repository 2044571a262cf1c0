#!/usr/bin/env bash
# Installs every tool Caseward needs to build, run and test, from the package registries only.
# Idempotent: each step is skipped when what it installs is already present.
# Usage: scripts/setup.sh [--with-browser]   (the browser and the test SMTP server are for tests only)
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=0
[ "${1:-}" = "--with-browser" ] && with_browser=1

export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# cargo-leptos 0.3.10: 0.3.11 needs a newer rustc than this machine's 1.95. `no_downloads` makes
# it take wasm-bindgen, wasm-opt and sass from PATH instead of fetching binaries (no internet here).
CARGO_LEPTOS_VERSION=0.3.10
# wasm-bindgen-cli must equal the wasm-bindgen version in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

# lettre's TLS (SMTP with STARTTLS or SMTPS) links the system's OpenSSL.
if ! pkg-config --exists openssl 2>/dev/null; then
  say "installing OpenSSL's headers and pkg-config (for SMTP over TLS)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libssl-dev pkg-config >/dev/null
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The standard library's source: the release build compiles it for the browser bundle, for size
# (scripts/wasm-size-flags.sh).
if ! rustup component list --installed | grep -q '^rust-src'; then
  say "adding the standard library's source (rust-src)"
  rustup component add rust-src
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 16 minutes, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once per machine)"
  # Not --locked: a locked dependency version of the CLI is missing from the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# wasm-opt comes from npm's binaryen (Debian's binaryen 108 produces WASM that never hydrates).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/@playwright/test ]; then
  say "installing the npm packages of end2end/ (binaryen's wasm-opt, Playwright, axe-core)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

if [ "$with_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's Chromium for the end-to-end tests"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# The email delivery tests send to a real SMTP server on loopback: aiosmtpd, in a virtualenv.
if [ "$with_browser" = 1 ] && ! .venv/bin/python -c 'import aiosmtpd' 2>/dev/null; then
  say "installing aiosmtpd (the SMTP server the delivery tests send to) into .venv"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check 'aiosmtpd==1.4.6'
fi

# The documents tests store files in a real S3-protocol server on loopback: moto, same .venv.
MOTO_VERSION=5.2.5
if [ "$with_browser" = 1 ] && ! .venv/bin/pip show moto 2>/dev/null | grep -q "^Version: $MOTO_VERSION$"; then
  say "installing moto $MOTO_VERSION (the S3-protocol server the storage tests use) into .venv"
  [ -x .venv/bin/pip ] || python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

# The API contract test generates requests from the OpenAPI document: schemathesis, same .venv.
SCHEMATHESIS_VERSION=4.32.5
if [ "$with_browser" = 1 ] && ! .venv/bin/st --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  say "installing schemathesis $SCHEMATHESIS_VERSION (the API contract test) into .venv"
  [ -x .venv/bin/pip ] || python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

say "tools ready"
