import { expect, Page, request, test } from '@playwright/test';
import { expectAccessible, holdReads, hydrated, PASSWORD, signIn, signOut, uniqueReference } from './helpers';

/**
 * A new case of alice's with three statements, two of which name Smith, and the tags "Key" and
 * "Privileged"; paul is a Reviewer on it.
 */
async function reviewCase(baseURL: string | undefined) {
  const alice = await request.newContext({ baseURL });
  expect((await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } })).ok()).toBeTruthy();
  const created = await alice.post('/api/v1/cases', {
    data: { reference: uniqueReference('REV'), title: 'R v Smith (review)', defendants: ['John Smith'] },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  const files = [
    ['witness-statement.txt', 'The witness saw John Smith near the station at ten. Home address: 12 Oak Road.'],
    ['interview.txt', 'Interview under caution. Mr Smith denied being at the station.'],
    ['forensics.txt', 'No fingerprints were found on the weapon.'],
  ];
  for (const [name, text] of files) {
    const uploaded = await alice.post(`/api/v1/cases/${id}/documents`, {
      multipart: { file: { name, mimeType: 'text/plain', buffer: Buffer.from(text) } },
    });
    expect(uploaded.status()).toBe(201);
  }
  for (const [name, colour] of [['Key', 'red'], ['Privileged', 'purple']]) {
    expect((await alice.post(`/api/v1/cases/${id}/tags`, { data: { name, colour } })).status()).toBe(201);
  }
  expect((await alice.post(`/api/v1/cases/${id}/members`, { data: { email: 'paul@cps.example.cjsm.net', role: 'reviewer' } })).status()).toBe(201);
  return id as number;
}

async function status(page: Page, text: string | RegExp) {
  await expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();
}

test('paul, a Reviewer, searches for Smith, tags both hits, notes and redacts, and saves the search', async ({ page, baseURL }) => {
  const id = await reviewCase(baseURL);
  await signIn(page, 'paul@cps.example.cjsm.net');
  await page.goto(`/cases/${id}/search`);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Search this case\'s documents' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Search the documents').fill('Smith');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await status(page, 'Showing 1–2 of 2 matching documents');
  const hits = page.locator('.hit');
  await expect(hits).toHaveCount(2);
  await expect(page.locator('.snippet mark').first()).toHaveText(/smith/i);
  await expect(page.getByText('forensics.txt')).toHaveCount(0);
  await expectAccessible(page);

  // Both hits, tagged Key at once.
  await page.getByLabel('Select witness-statement.txt').check();
  await page.getByLabel('Select interview.txt').check();
  await expect(page.getByText('2 selected', { exact: true })).toBeVisible();
  await page.getByLabel('Tag to add or remove').selectOption({ label: 'Key' });
  await page.getByRole('button', { name: 'Add tag' }).click();
  await status(page, 'Changed the tags of 2 documents.');
  await expect(hits.filter({ hasText: 'Key' })).toHaveCount(2);

  await page.getByLabel('Save the current search as').fill('Smith statements');
  await page.getByRole('button', { name: 'Save search' }).click();
  await status(page, 'Saved the search Smith statements.');
  const saved = page.getByRole('complementary', { name: 'Saved searches' });
  await expect(saved.getByText('Smith statements')).toBeVisible();
  // A Reviewer saves and loads searches but does not delete them.
  await expect(saved.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await expectAccessible(page);

  // A note and a redaction on the witness statement.
  await page.getByRole('link', { name: 'witness-statement.txt' }).click();
  const text = page.getByLabel('Text of witness-statement.txt');
  await expect(text).toContainText('John Smith');
  await hydrated(page);
  const select = async (words: string) => {
    await text.evaluate((pre, wanted) => {
      // The text is split into marked pieces once it has notes: find the words across them.
      const start = (pre.textContent ?? '').indexOf(wanted);
      const end = start + wanted.length;
      const range = document.createRange();
      const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
      let at = 0;
      while (walker.nextNode()) {
        const node = walker.currentNode as Text;
        if (start >= at && start < at + node.length) range.setStart(node, start - at);
        if (end > at && end <= at + node.length) range.setEnd(node, end - at);
        at += node.length;
      }
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
    }, words);
    await page.getByRole('button', { name: 'Use the selected text' }).click();
  };
  await select('John Smith');
  await expect(page.getByText('Characters 17–26: “John Smith”')).toBeVisible();
  await page.getByLabel('Note', { exact: true }).fill('Identified by the witness; check the CCTV.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await status(page, 'Added the note.');
  await expect(text.locator('.marked-note')).toHaveText('John Smith');

  await page.getByLabel('A redaction').check();
  await select('12 Oak Road');
  await page.getByLabel('Reason for the redaction').fill('Home address of a witness');
  await page.getByRole('button', { name: 'Add redaction' }).click();
  await status(page, 'Added the redaction.');
  await expect(text.locator('.marked-redaction')).toHaveText('12 Oak Road');
  const notes = page.getByRole('complementary', { name: 'Tags, notes and redactions' });
  await expect(notes.getByRole('heading', { name: 'Notes and redactions (2)' })).toBeVisible();
  await expect(notes.getByText('Home address of a witness')).toBeVisible();
  await expect(notes.locator('.tag', { hasText: 'Key' })).toBeVisible();
  await expectAccessible(page);

  // The Documents tab offers a Reviewer no upload and no tag management.
  await page.goto(`/cases/${id}/documents`);
  await hydrated(page);
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'interview.txt' })).toContainText('Key');
  await expect(page.getByRole('button', { name: 'Manage tags' })).toHaveCount(0);
  await expect(page.locator('.drop-zone')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New folder' })).toHaveCount(0);
  await page.getByLabel('Show').selectOption({ label: 'Tagged Key (2)' });
  await expect(page.getByRole('heading', { level: 2, name: 'Tagged Key' })).toBeVisible();
  await expect(page.getByText('Showing 1–2 of 2 documents')).toBeVisible();
  await signOut(page);

  // alice, who keeps the tags, loads paul's search and may delete it.
  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto(`/cases/${id}/search`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Load the search Smith statements' }).click();
  await status(page, 'Showing 1–2 of 2 matching documents');
  await expect(page.getByLabel('Search the documents')).toHaveValue('Smith');
  await expect(page.getByRole('button', { name: 'Delete the saved search Smith statements' })).toBeVisible();
});

test('reads held back while hits are tagged and the search saved end in the latest state', async ({ page, baseURL }) => {
  const id = await reviewCase(baseURL);
  await signIn(page, 'paul@cps.example.cjsm.net');
  await page.goto(`/cases/${id}/search?q=Smith`);
  await hydrated(page);
  const hits = page.locator('.hit');
  await expect(hits).toHaveCount(2);
  // The tab's reads after tagging are held back until the search has been saved on top of them.
  const reads = await holdReads(page, /\/api\/(documents_workspace|list_tags|list_saved_searches|search_documents)/);
  await page.getByLabel('Select witness-statement.txt').check();
  await page.getByLabel('Select interview.txt').check();
  await page.getByLabel('Tag to add or remove').selectOption({ label: 'Key' });
  await page.getByRole('button', { name: 'Add tag' }).click();
  await status(page, 'Changed the tags of 2 documents.');
  await expect.poll(() => reads.count('search_documents')).toBeGreaterThan(0);

  reads.stop();
  await page.getByLabel('Save the current search as').fill('Smith, tagged');
  await page.getByRole('button', { name: 'Save search' }).click();
  await status(page, 'Saved the search Smith, tagged.');
  await reads.release();
  await expect(hits.filter({ hasText: 'Key' })).toHaveCount(2);
  await expect(page.getByRole('complementary', { name: 'Saved searches' }).getByText('Smith, tagged')).toBeVisible();
  await expect(page.getByText('Loading the search…')).toHaveCount(0);
});

test('alice redacts an area of a photograph, typed in per cent with decimals, and is told when it leaves the page', async ({ page, baseURL }) => {
  const id = await reviewCase(baseURL);
  const alice = await request.newContext({ baseURL });
  await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } });
  const uploaded = await alice.post(`/api/v1/cases/${id}/documents`, {
    multipart: { file: { name: 'scene.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture') } },
  });
  expect(uploaded.status()).toBe(201);
  const documents = (await (await alice.get(`/api/v1/cases/${id}/documents`)).json()).documents;
  const scene = documents.find((d: { name: string }) => d.name === 'scene.png').id;

  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto(`/cases/${id}/documents/${scene}`);
  await hydrated(page);
  await page.getByLabel('A redaction').check();
  await page.getByLabel('Page', { exact: true }).fill('1');
  // Beyond the page: refused by the server, with what is wrong, and nothing added.
  await page.getByLabel('From the left').fill('80');
  await page.getByLabel('Width').fill('20.01');
  await page.getByLabel('Reason for the redaction').fill('Face of a bystander');
  await page.getByRole('button', { name: 'Add redaction' }).click();
  await expect(page.getByRole('alert')).toContainText('The area must lie on the page');
  // Read as typed, to the hundredth of a per cent.
  await page.getByLabel('From the left').fill('12.5');
  await page.getByLabel('From the top').fill('7.25');
  await page.getByLabel('Width').fill('30');
  await page.getByLabel('Height').fill('10.005');
  await page.getByRole('button', { name: 'Add redaction' }).click();
  await status(page, 'Added the redaction.');
  const notes = page.getByRole('complementary', { name: 'Tags, notes and redactions' });
  await expect(notes.getByRole('heading', { name: 'Notes and redactions (1)' })).toBeVisible();
  await expect(notes.getByText('12.5 % across, 7.25 % down; 30 % × 10.01 %')).toBeVisible();
  const stored = await (await alice.get(`/api/v1/cases/${id}/documents/${scene}/annotations`)).json();
  expect(stored.map((a: { anchor: unknown }) => a.anchor)).toEqual([{ type: 'area', page: 1, x: 1250, y: 725, width: 3000, height: 1001 }]);
});

test('alice keeps the tag list: creates, recolours and deletes a tag in use', async ({ page, baseURL }) => {
  const id = await reviewCase(baseURL);
  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto(`/cases/${id}/documents`);
  await hydrated(page);
  await page.getByLabel('Select forensics.txt').check();
  await page.getByLabel('Tag to add or remove').selectOption({ label: 'Privileged' });
  await page.getByRole('button', { name: 'Add tag' }).click();
  await status(page, 'Changed the tags of 1 document.');

  await page.getByRole('button', { name: 'Manage tags' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tags' });
  await dialog.getByLabel('Name', { exact: true }).last().fill('Disclosed');
  await dialog.getByRole('button', { name: 'Create tag' }).click();
  await status(page, 'Created the tag Disclosed.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Delete the tag Privileged' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete the tag Privileged?' });
  await expect(confirm).toContainText('1 document carries it');
  await confirm.getByRole('button', { name: 'Delete tag' }).click();
  await status(page, 'Deleted the tag Privileged; it came off 1 document.');
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'forensics.txt' })).not.toContainText('Privileged');
});

// The review screens at desktop and phone widths (end2end/screenshots/, not committed), each
// checked for accessibility at that width.
test('review pages at both widths', async ({ page, baseURL }) => {
  const id = await reviewCase(baseURL);
  const alice = await request.newContext({ baseURL });
  await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } });
  const documents = (await (await alice.get(`/api/v1/cases/${id}/documents`)).json()).documents;
  const tags = await (await alice.get(`/api/v1/cases/${id}/tags`)).json();
  const witness = documents.find((d: { name: string }) => d.name === 'witness-statement.txt').id;
  await alice.post(`/api/v1/cases/${id}/tags/${tags[0].id}/documents`, {
    data: { action: 'apply', documents: documents.map((d: { id: number }) => d.id).slice(0, 2) },
  });
  const statement = 'The witness saw John Smith near the station at ten. Home address: 12 Oak Road.';
  const range = (words: string) => ({ type: 'text', start: statement.indexOf(words), end: statement.indexOf(words) + words.length });
  await alice.post(`/api/v1/cases/${id}/documents/${witness}/annotations`, {
    data: { kind: 'note', text: 'Identified by the witness.', anchor: range('John Smith') },
  });
  await alice.post(`/api/v1/cases/${id}/documents/${witness}/annotations`, {
    data: { kind: 'redaction', text: 'Home address of a witness', anchor: range('12 Oak Road') },
  });
  await alice.post(`/api/v1/cases/${id}/saved-searches`, { data: { name: 'Smith statements', query: { text: 'smith' } } });

  await signIn(page, 'alice@cps.example.cjsm.net');
  for (const [label, width, height] of [['desktop', 1280, 860], ['narrow', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    const shot = (name: string) => page.screenshot({ path: `screenshots/${name}-${label}.png`, fullPage: true });
    await page.goto(`/cases/${id}/documents`);
    await hydrated(page);
    await page.getByLabel('Select interview.txt').check();
    await shot('documents-tagged');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Manage tags' }).click();
    await page.getByRole('dialog', { name: 'Tags' }).waitFor();
    await shot('manage-tags-dialog');
    await expectAccessible(page);
    await page.keyboard.press('Escape');

    await page.goto(`/cases/${id}/search?q=smith`);
    await hydrated(page);
    await status(page, /matching document/);
    await shot('search');
    await expectAccessible(page);

    await page.goto(`/cases/${id}/documents/${witness}`);
    await hydrated(page);
    await page.getByRole('heading', { name: 'Notes and redactions (2)' }).waitFor();
    await shot('viewer-notes');
    await expectAccessible(page);
  }
});

test('alice tags every result of a search in one batch update, after seeing how many it changes', async ({ page, baseURL }) => {
  const id = await reviewCase(baseURL);
  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto(`/cases/${id}/search?q=station`);
  await hydrated(page);
  await status(page, 'Showing 1–2 of 2 matching documents');
  await page.getByRole('button', { name: 'Update all 2 results…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Batch update' });
  await dialog.getByLabel('Add a tag').check();
  await dialog.getByLabel('Tag', { exact: true }).selectOption({ label: 'Privileged' });
  await expect(dialog.getByText('This changes 2 documents, in one step.')).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Apply to 2 documents' }).click();
  await status(page, 'Updated 2 of 2 documents.');
  await expect(page.locator('.hit').filter({ hasText: 'Privileged' })).toHaveCount(2);
});
