#!/usr/bin/env bash
# The release build users run (`cargo leptos build --release --precompress --split`), in two
# steps: the browser bundle with the size flags below, then the server without them. Called by
# scripts/run.sh, test.sh, bench.sh and the measure scripts; scripts/setup.sh installs the tools
# and the standard library's source that `-Zbuild-std` compiles.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# shellcheck source=scripts/wasm-size-flags.sh
. scripts/wasm-size-flags.sh

(
  export RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_SIZE_RUSTFLAGS"
  cargo leptos build --release --precompress --split --frontend-only --lib-cargo-args="$WASM_BUILD_STD"
)
# The server reads the bundle's file names from the hash file the first step wrote.
cargo leptos build --release --precompress --split --server-only
