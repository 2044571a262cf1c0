import { expect, Page, request, test } from '@playwright/test';
import { expectAccessible, hydrated, PASSWORD, signIn, signOut, uniqueReference } from './helpers';

/**
 * A new case of alice's with three statements; the two that name Smith are tagged Key, and the
 * witness statement's home address is redacted.
 */
async function taggedCase(baseURL: string | undefined) {
  const alice = await request.newContext({ baseURL });
  expect((await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } })).ok()).toBeTruthy();
  const created = await alice.post('/api/v1/cases', {
    data: { reference: uniqueReference('PRD'), title: 'R v Smith (disclosure)', defendants: ['John Smith'] },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const statement = 'The witness saw John Smith near the station at ten. Home address: 12 Oak Road.';
  const files = [
    ['witness-statement.txt', statement],
    ['interview.txt', 'Interview under caution. Mr Smith denied being at the station.'],
    ['forensics.txt', 'No fingerprints were found on the weapon.'],
  ];
  const ids: number[] = [];
  for (const [name, text] of files) {
    const uploaded = await alice.post(`/api/v1/cases/${id}/documents`, {
      multipart: { file: { name, mimeType: 'text/plain', buffer: Buffer.from(text) } },
    });
    expect(uploaded.status()).toBe(201);
    ids.push((await uploaded.json())[0].id);
  }
  const tag = await (await alice.post(`/api/v1/cases/${id}/tags`, { data: { name: 'Key', colour: 'red' } })).json();
  await alice.post(`/api/v1/cases/${id}/tags/${tag.id}/documents`, { data: { action: 'apply', documents: ids.slice(0, 2) } });
  const start = statement.indexOf('12 Oak Road');
  const redaction = await alice.post(`/api/v1/cases/${id}/documents/${ids[0]}/annotations`, {
    data: { kind: 'redaction', text: 'Home address of a witness', anchor: { type: 'text', start, end: start + 11 } },
  });
  expect(redaction.status()).toBe(201);
  return id as number;
}

async function status(page: Page, text: string | RegExp) {
  await expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();
}

/** The last-day date a week from now, as a date input takes it. */
function inAWeek() {
  return new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
}

test('alice produces the tagged set, downloads the ZIP and shares it with Jo, who downloads it from the link', async ({ page, baseURL }) => {
  const id = await taggedCase(baseURL);
  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto(`/cases/${id}/documents`);
  await hydrated(page);
  await page.getByLabel('Show').selectOption({ label: 'Tagged Key (2)' });
  await expect(page.getByText('Showing 1–2 of 2 documents')).toBeVisible();
  await page.getByLabel('Select witness-statement.txt').check();
  await page.getByLabel('Select interview.txt').check();
  await page.getByRole('button', { name: 'Produce…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New production' });
  await expect(dialog.getByText('The 2 documents selected, in order of name.')).toBeVisible();
  await dialog.getByLabel('Name').fill('First disclosure');
  await dialog.getByLabel('Bates prefix').fill('SMITH-');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Create production' }).click();

  // The Productions tab follows the build until the ZIP is ready.
  await expect(page).toHaveURL(new RegExp(`/cases/${id}/productions$`));
  await hydrated(page);
  const row = page.locator('.production-row').filter({ hasText: 'First disclosure' });
  await expect(row).toContainText('SMITH-000001–SMITH-000002 · 2 documents');
  await expect(row).toContainText('1 redacted');
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: 'Download ZIP of the production First disclosure' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('First disclosure (SMITH-000001-SMITH-000002).zip');
  const zip = await (await import('node:fs/promises')).readFile((await download.path())!);
  expect(zip.subarray(0, 2).toString()).toBe('PK');
  for (const entry of ['documents/SMITH-000001.txt', 'documents/SMITH-000002.txt', 'loadfile.csv']) {
    expect(zip.includes(Buffer.from(entry))).toBeTruthy();
  }

  await row.getByRole('button', { name: 'Share the production First disclosure' }).click();
  const share = page.getByRole('dialog', { name: 'Share First disclosure' });
  await share.getByLabel('Find a person by email, name or usual role').fill('jo@johnson');
  await share.getByRole('button', { name: /Jo Johnson/ }).click();
  await share.getByLabel('Link works until').fill(inAWeek());
  await expectAccessible(page);
  await share.getByRole('button', { name: 'Send link' }).click();
  await status(page, /Sent Jo Johnson a link that works until/);
  await expect(share.locator('.share-row').filter({ hasText: 'Jo Johnson' })).toContainText('Not downloaded yet');
  await page.keyboard.press('Escape');
  await signOut(page);

  // The emailed link, as the outbox holds it.
  const admin = await request.newContext({ baseURL });
  await admin.post('/api/v1/session', { data: { email: 'admin@caseward.example', password: PASSWORD } });
  const outbox = await (await admin.post('/api/list_outbox', { data: {} })).json();
  const email = outbox.find((e: { to: string; subject: string }) => e.to === 'jo@johnson.co.uk.cjsm.net' && e.subject.includes('First disclosure'));
  const link = new URL(email.body.match(/http\S+\/shared#\S+/)[0]);

  // Jo opens the link signed out, signs in, and is brought back to it.
  await page.goto(`/shared${link.hash}`);
  await hydrated(page);
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await hydrated(page);
  await page.getByLabel('Email address').fill('jo@johnson.co.uk.cjsm.net');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/shared$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'First disclosure' })).toBeVisible();
  await expect(page.getByText('Shared by Alice Archer')).toBeVisible();
  await expectAccessible(page);
  const [shared] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download ZIP' }).click()]);
  expect(shared.suggestedFilename()).toContain('SMITH-000001');
  // The link opens the production, not the case.
  await page.goto(`/cases/${id}/documents`);
  await expect(page.getByRole('heading', { name: 'You do not have access to this case' })).toBeVisible();
});

test('productions page at both widths', async ({ page, baseURL }) => {
  const id = await taggedCase(baseURL);
  const alice = await request.newContext({ baseURL });
  await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } });
  const tags = await (await alice.get(`/api/v1/cases/${id}/tags`)).json();
  const made = await alice.post(`/api/v1/cases/${id}/productions`, {
    data: { name: 'Key documents', bates_prefix: 'KEY-', bates_start: 1, documents: { type: 'search', query: { tag: tags[0].id } } },
  });
  expect(made.status()).toBe(202);
  const report = await alice.post(`/api/v1/cases/${id}/reports`, { data: { name: 'Key documents report', query: { tag: tags[0].id } } });
  expect(report.status()).toBe(201);

  await signIn(page, 'alice@cps.example.cjsm.net');
  for (const [label, width, height] of [['desktop', 1280, 860], ['narrow', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    const shot = (name: string) => page.screenshot({ path: `screenshots/${name}-${label}.png`, fullPage: true });
    await page.goto(`/cases/${id}/productions`);
    await hydrated(page);
    await expect(page.locator('.production-row').filter({ hasText: 'Key documents' })).toContainText('Ready');
    await expect(page.getByText('Key documents report', { exact: true })).toBeVisible();
    await shot('productions');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'New production' }).click();
    await page.getByRole('dialog', { name: 'New production' }).getByLabel('Documents').waitFor();
    await shot('new-production-dialog');
    await expectAccessible(page);
    await page.keyboard.press('Escape');
  }
});
