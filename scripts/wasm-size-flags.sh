# Sourced by scripts/release-build.sh and scripts/wasm-floor.sh: how the browser bundle's release
# build is made smaller than cargo-leptos makes it, so that the floor is built the same way.
#
# -Zbuild-std compiles the standard library with the bundle's own profile (opt-level "z", one
# codegen unit, LTO) instead of linking the prebuilt one, which was compiled for speed.
# -Cpanic=immediate-abort makes a panic stop the module at once, without formatting a
# message: the formatting code, and every message and Debug impl that only a panic reached, leave
# the bundle. A panic in the browser still stops the page's code, as it did with panic = "abort";
# its message no longer reaches the console (console_error_panic_hook says it in debug builds).
# -Zfmt-debug=none makes `{:?}` print nothing: in the browser only error and log text used it
# (server_fn's and wasm-bindgen's), and Caseward shows its own messages for those errors.
# -Zlocation-detail=none leaves out the source file names and lines that `#[track_caller]`
# functions (the reactive system's among them) keep for messages.
#
# Measured, brotli: the floor (scripts/wasm-floor.sh) is 138,793 bytes as cargo-leptos builds it,
# 123,541 with -Zbuild-std and immediate-abort, 120,346 with the other two flags too. Caseward's
# first chunk, as served (cargo-leptos's .br file): 218,609 bytes before, 197,056 with all but
# -Zlocation-detail=none, 194,608 with it (194,806 in another build of the same WASM).
#
# These are unstable options of the machine's one toolchain (rustc 1.95), which RUSTC_BOOTSTRAP=1
# allows for these builds only; the server and the tests are built without them.
WASM_SIZE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
WASM_BUILD_STD="-Zbuild-std=std,panic_abort"
