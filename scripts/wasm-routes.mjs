// What opening each later screen downloads: the files wasm-split's manifest lists for its lazy
// route (its own chunk and every chunk it shares with other screens), how many and their bytes as
// served (brotli), beside the first chunk every page loads. wasm-split puts each function that
// several screens use, and the first chunk does not, into a chunk for exactly that set of screens,
// so a screen's code arrives as many small files.
//
//   node scripts/wasm-routes.mjs [target/site/pkg]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'target/site/pkg';
const files = readdirSync(dir);
const one = (pattern, what) => {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) throw new Error(`${dir}: expected one ${what}, found ${found.length}`);
  return join(dir, found[0]);
};
const manifest = JSON.parse(readFileSync(one(/^__wasm_split_manifest\..*\.json$/, 'split manifest'), 'utf8'));
const brotli = (name) => statSync(join(dir, `${name}.wasm.br`)).size;

console.log(`first chunk (every page): ${statSync(one(/^caseward\..*\.wasm\.br$/, 'first chunk')).size} bytes brotli`);
console.log('\n| screen (lazy route) | files | brotli bytes |\n|---|---|---|');
const routes = Object.entries(manifest)
  .map(([split, names]) => [split.replace(/^__/, '').replace(/_\d+$/, ''), names])
  .sort(([a], [b]) => a.localeCompare(b));
for (const [route, names] of routes) {
  console.log(`| ${route} | ${names.length} | ${names.reduce((sum, n) => sum + brotli(n), 0)} |`);
}
