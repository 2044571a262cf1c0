#!/usr/bin/env bash
# The size floor of the first WASM chunk: builds scripts/wasm-floor (the smallest Leptos app with
# sign-in, a server-read list and the router) as scripts/release-build.sh builds Caseward's bundle
# (the wasm-release profile, type-erased views, the size flags of scripts/wasm-size-flags.sh,
# wasm-bindgen, wasm-opt -Oz) and prints its size beside Caseward's first chunk, whole and as code
# and data. Run after a release build (scripts/release-build.sh); scripts/setup.sh installs the
# tools.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# shellcheck source=scripts/wasm-size-flags.sh
. scripts/wasm-size-flags.sh
out=target/wasm-floor
RUSTC_BOOTSTRAP=1 RUSTFLAGS="--cfg erase_components $WASM_SIZE_RUSTFLAGS" CARGO_TARGET_DIR="$out" \
  cargo build --locked --manifest-path scripts/wasm-floor/Cargo.toml --lib \
  --target wasm32-unknown-unknown --profile wasm-release "$WASM_BUILD_STD"
wasm-bindgen --target web --out-dir "$out/pkg" "$out/wasm32-unknown-unknown/wasm-release/wasm_floor.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$out/pkg/wasm_floor_bg.wasm" -o "$out/pkg/floor.wasm"
first=$(ls target/site/pkg/caseward.*.wasm 2>/dev/null | head -1 || true)
node scripts/wasm-sections.mjs "$out/pkg/floor.wasm" ${first:+"$first"}
# Where the first chunk's code is, by crate, beside the floor's (before wasm-opt, from the names).
split=target/front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm
if [ -f "$split" ]; then
  node scripts/wasm-functions.mjs "$split" "$out/wasm32-unknown-unknown/wasm-release/wasm_floor.wasm" 25
fi
