// What a WASM file is made of: the whole, its code and its data, each raw, gzip and brotli
// (quality 11, as cargo-leptos's --precompress). wasm-split moves a lazy screen's functions and
// its read-only data into the screen's chunk (the data only while its layout fits: see
// SPLIT_HEADROOM in frontend/src/lib.rs and scripts/wasm-data-check.mjs). Used by
// scripts/bench.sh and scripts/wasm-floor.sh.
//
//   node scripts/wasm-sections.mjs target/site/pkg/caseward.*.wasm
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { leb128 } from './wasm-leb128.mjs';

const CODE = 10;
const DATA = 11;

/// The payload of each section with the given id, concatenated.
function sections(bytes, id) {
  const parts = [];
  let at = 8; // magic and version
  while (at < bytes.length) {
    const section = bytes[at++];
    let size;
    [size, at] = leb128(bytes, at);
    if (section === id) parts.push(bytes.subarray(at, at + size));
    at += size;
  }
  return Buffer.concat(parts);
}

const sizes = (bytes) => bytes.length === 0 ? [0, 0, 0] : [
  bytes.length,
  gzipSync(bytes, { level: 9 }).length,
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
];

console.log('| file | part | raw | gzip | brotli |');
console.log('|---|---|---|---|---|');
for (const file of process.argv.slice(2)) {
  const bytes = readFileSync(file);
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file} is not a WASM module`);
  console.log(`| ${basename(file)} | whole | ${sizes(bytes).join(' | ')} |`);
  for (const [name, id] of [['code', CODE], ['data', DATA]]) {
    console.log(`| ${basename(file)} | ${name} | ${sizes(sections(bytes, id)).join(' | ')} |`);
  }
}
