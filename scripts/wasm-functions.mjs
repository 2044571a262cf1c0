// What the first WASM chunk's code is made of, by crate, beside the size floor's: the bytes of
// each crate's function bodies, from the name section of the modules before wasm-bindgen and
// wasm-opt (which drop the names). A crate's functions are its own and every generic of another
// crate instantiated for its types, counted under the first crate whose path their name holds
// besides core, alloc and std. Sizes are before wasm-opt -Oz, so they show where the code is, not what
// it costs after; the differences show which crates the first screens instantiate more of.
//
//   node scripts/wasm-functions.mjs \
//     target/front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm \
//     target/wasm-floor/wasm32-unknown-unknown/wasm-release/wasm_floor.wasm [rows]
//
// The first is what cargo-leptos's --split leaves in the first chunk (after a release build);
// the second is scripts/wasm-floor.sh's build.
import { readFileSync } from 'node:fs';
import { leb128 } from './wasm-leb128.mjs';

/// Each function body's size and name.
function functions(file) {
  const bytes = readFileSync(file);
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file} is not a WASM module`);
  const read = (at) => leb128(bytes, at);
  const skipName = (at) => { const [length, next] = read(at); return next + length; };
  let imported = 0;
  const sizes = [];
  const names = new Map();
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = read(at);
    const end = at + size;
    if (id === 2) { // imports: only functions take function indices
      let [count, p] = read(at);
      for (let i = 0; i < count; i++) {
        p = skipName(skipName(p));
        const kind = bytes[p++];
        if (kind === 0) { [, p] = read(p); imported++; }
        else if (kind === 1) { p++; const limits = bytes[p++]; [, p] = read(p); if (limits & 1) [, p] = read(p); }
        else if (kind === 2) { const limits = bytes[p++]; [, p] = read(p); if (limits & 1) [, p] = read(p); }
        else if (kind === 3) p += 2;
        else throw new Error(`unknown import kind ${kind}`);
      }
    } else if (id === 10) { // code
      let [count, p] = read(at);
      for (let i = 0; i < count; i++) { let length; [length, p] = read(p); sizes.push(length); p += length; }
    } else if (id === 0) { // custom: the name section's function names
      const [length, p0] = read(at);
      let p = p0 + length;
      if (bytes.subarray(p0, p0 + length).toString() === 'name') {
        while (p < end) {
          const sub = bytes[p++];
          let subSize;
          [subSize, p] = read(p);
          const subEnd = p + subSize;
          if (sub === 1) {
            let count;
            [count, p] = read(p);
            for (let i = 0; i < count; i++) {
              let index, nameLength;
              [index, p] = read(p);
              [nameLength, p] = read(p);
              names.set(index, demangle(bytes.subarray(p, p + nameLength).toString()));
              p += nameLength;
            }
          }
          p = subEnd;
        }
      }
    }
    at = end;
  }
  if (names.size === 0) throw new Error(`${file} has no function names (run it on the module before wasm-opt)`);
  return sizes.map((size, i) => ({ size, name: names.get(imported + i) ?? '' }));
}

const BASIC = new Set(['core', 'alloc', 'std', '_']);

/// A legacy mangled name (`_ZN` and length-prefixed parts) as a path; others as they are.
function demangle(name) {
  if (!name.startsWith('_ZN')) return name;
  const parts = [];
  let at = 3;
  while (at < name.length && name[at] !== 'E') {
    const digits = /^\d+/.exec(name.slice(at));
    if (!digits) break;
    at += digits[0].length;
    parts.push(name.slice(at, at + Number(digits[0])));
    at += Number(digits[0]);
  }
  return parts
    .filter((part) => !/^h[0-9a-f]{16}$/.test(part))
    .join('::')
    .replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$u20\$/g, ' ')
    .replace(/\$C\$/g, ',').replace(/\$RF\$/g, '&').replace(/\.\./g, '::');
}

/// The crate a function is counted under (legacy and v0 mangled names alike).
function crateOf(name) {
  const legacy = [...name.matchAll(/(?:^|[<\s(,&*])([A-Za-z_][A-Za-z0-9_]*)::/g)].map((m) => m[1]);
  const v0 = [...name.matchAll(/Cs[0-9A-Za-z]+_(\d+)/g)].map((m) => {
    const at = m.index + m[0].length;
    return name.slice(at, at + Number(m[1]));
  });
  const crates = legacy.length > 0 ? legacy : v0;
  return crates.find((c) => !BASIC.has(c)) ?? crates[0] ?? '(unnamed)';
}

function byCrate(fns) {
  const sums = new Map();
  for (const f of fns) sums.set(crateOf(f.name), (sums.get(crateOf(f.name)) ?? 0) + f.size);
  return sums;
}

const [first, floor, rows = '30'] = process.argv.slice(2);
const ours = functions(first);
const theirs = floor ? functions(floor) : [];
const total = (fns) => fns.reduce((sum, f) => sum + f.size, 0);
const [a, b] = [byCrate(ours), byCrate(theirs)];
console.log(`first chunk: ${ours.length} functions, ${total(ours)} bytes of code before wasm-opt`);
if (floor) console.log(`floor: ${theirs.length} functions, ${total(theirs)} bytes`);
console.log('\n| crate | first chunk | floor | more |\n|---|---|---|---|');
const crates = [...new Set([...a.keys(), ...b.keys()])]
  .map((c) => [c, a.get(c) ?? 0, b.get(c) ?? 0])
  .sort((x, y) => y[1] - y[2] - (x[1] - x[2]));
for (const [c, mine, base] of crates.slice(0, Number(rows))) console.log(`| ${c} | ${mine} | ${base} | ${mine - base} |`);
