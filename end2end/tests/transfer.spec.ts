import { test, expect, Page, CDPSession } from '@playwright/test';
import { signIn } from './helpers';

/** Bytes on the wire (headers and compressed bodies), per request, as Chromium counts them. */
async function recordTransfer(page: Page) {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const failed: string[] = [];
  const fromCache = new Set<string>();
  const bytes = new Map<string, number>();
  cdp.on('Network.responseReceived', (e) => {
    urls.set(e.requestId, e.response.url);
    if (e.response.status >= 400) failed.push(`${e.response.status} ${e.response.url}`);
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) fromCache.add(e.requestId);
  });
  cdp.on('Network.requestServedFromCache', (e) => fromCache.add(e.requestId));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  return {
    total: () => [...bytes.values()].reduce((a, b) => a + b, 0),
    wasm: () =>
      [...bytes.entries()]
        .filter(([id]) => (urls.get(id) ?? '').endsWith('.wasm') && !fromCache.has(id))
        .reduce((a, [, b]) => a + b, 0),
    list: () => [...bytes.entries()].map(([id, b]) => `${b}\t${urls.get(id) ?? id}`).join('\n'),
    /** Answers of 400 and above: a missing file (a favicon, a chunk) the browser asked for. */
    failed: () => failed,
    wasmRequests: () => [...urls.values()].filter((u) => u.endsWith('.wasm')).length,
  };
}

// The size report of the scale benchmark (scripts/bench.sh) reads the line this prints.
test('a first visit downloads the bundle once, compressed, and a repeat visit takes it from the cache', async ({ page }) => {
  const first = await recordTransfer(page);
  await signIn(page, 'alice@cps.example.cjsm.net');
  console.log(`transfer: first visit, sign-in then case list: ${first.total()} bytes in all, ${first.wasm()} bytes of WASM`);
  // TRANSFER_LIST=1 prints each request's bytes too (what a first visit is made of).
  if (process.env.TRANSFER_LIST) console.log(first.list());
  expect(first.wasmRequests()).toBeGreaterThan(0);
  expect(first.failed()).toEqual([]);

  // A new tab in the same browser: the hashed bundle comes from the cache, unasked.
  const again = await page.context().newPage();
  const repeat = await recordTransfer(again);
  await again.goto('/');
  await expect(again.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
  await again.locator('body[data-hydrated="true"]').waitFor();
  console.log(`transfer: repeat visit of the case list: ${repeat.total()} bytes in all, ${repeat.wasm()} bytes of WASM`);
  expect(repeat.wasm()).toBe(0);
});
