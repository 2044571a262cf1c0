// Fails when the first WASM chunk carries a later screen's data.
//
// wasm-split moves each lazy screen's read-only data into that screen's chunk only when its new
// layout of the data segment fits where the linker's did; when it does not, it keeps all data in
// the first chunk and says so only in a log cargo-leptos does not show (frontend/src/lib.rs,
// SPLIT_HEADROOM). A text only the outbox screen shows stands for all of it: it must be in the
// outbox's chunk and not in the first one. Run after `cargo leptos build --release --split`
// (scripts/test.sh does).
//
//   node scripts/wasm-data-check.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PKG = 'target/site/pkg';
const MARKER = 'Loading the outbox…'; // app/src/pages/outbox.rs

const files = readdirSync(PKG).filter((f) => f.endsWith('.wasm'));
const first = files.filter((f) => f.startsWith('caseward.'));
if (first.length !== 1) {
  console.error(`expected one first chunk (caseward.*.wasm) in ${PKG}, found ${first.length}: build with --split first`);
  process.exit(1);
}
const holding = files.filter((f) => readFileSync(join(PKG, f)).includes(MARKER));
if (holding.length === 0) {
  console.error(`"${MARKER}" is in no chunk: the outbox screen's text changed, so change MARKER to a text only it shows`);
  process.exit(1);
}
if (holding.includes(first[0])) {
  console.error(
    `the first chunk ${first[0]} holds the outbox screen's text: wasm-split kept every screen's data in it. ` +
      'Make SPLIT_HEADROOM in frontend/src/lib.rs larger.',
  );
  process.exit(1);
}
console.log(`each screen's data is in its own chunk ("${MARKER}" only in ${holding.join(', ')})`);
