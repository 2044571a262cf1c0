import { expect, Page, request, test } from '@playwright/test';
import { expectAccessible, holdReads, hydrated, PASSWORD, signIn, signOut, tabTo, uniqueReference } from './helpers';

/** A new case of alice's with two defendants; sara is invited for John Smith, paul as Reviewer. */
async function caseWithPeople(baseURL: string | undefined) {
  const alice = await request.newContext({ baseURL });
  expect((await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } })).ok()).toBeTruthy();
  const created = await alice.post('/api/v1/cases', {
    data: { reference: uniqueReference('DOC'), title: 'R v Smith and Jones (documents)', defendants: ['John Smith', 'Peter Jones'] },
  });
  expect(created.status()).toBe(201);
  const detail = await created.json();
  const john = detail.defendants.find((d: { name: string }) => d.name === 'John Smith').id;
  const invite = (email: string, role: string, defendants: number[] = []) =>
    alice.post(`/api/v1/cases/${detail.id}/members`, { data: { email, role, defendants } });
  expect((await invite('sara@swatham.cjsm.net', 'defence_advocate', [john])).status()).toBe(201);
  expect((await invite('paul@cps.example.cjsm.net', 'reviewer')).status()).toBe(201);
  return { id: detail.id as number, reference: detail.reference as string };
}

async function openDocuments(page: Page, id: number) {
  await page.goto(`/cases/${id}/documents`);
  await hydrated(page);
  await expect(page.getByRole('link', { name: 'Documents', exact: true })).toHaveAttribute('aria-current', 'page');
}

test('alice drops two files into a new folder, ties one to Peter Jones, and sara sees only the other', async ({ page, baseURL }) => {
  const { id } = await caseWithPeople(baseURL);
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openDocuments(page, id);
  await expect(page.getByRole('heading', { name: 'No documents here yet' })).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'New folder' }).click();
  const dialog = page.getByRole('dialog', { name: 'New folder' });
  await dialog.getByLabel('Name').fill('Served evidence');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Create folder' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created the folder Served evidence.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Served evidence' })).toBeVisible();

  const files = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['Statement of John Smith, taken on 3 March.'], 'smith-statement.txt', { type: 'text/plain' }));
    transfer.items.add(new File(['Interview with Peter Jones.'], 'jones-interview.txt', { type: 'text/plain' }));
    return transfer;
  });
  await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: files });
  const queue = page.getByRole('list', { name: 'Files to upload' });
  await expect(queue.getByRole('listitem')).toHaveCount(2);
  await queue.getByRole('listitem').filter({ hasText: 'jones-interview.txt' }).getByLabel('Peter Jones').check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Upload 2 files' }).click();
  for (const name of ['smith-statement.txt', 'jones-interview.txt']) {
    await expect(page.getByRole('progressbar', { name: `Uploading ${name}` })).toHaveAttribute('value', '100');
  }
  await expect(queue.getByText('Uploaded')).toHaveCount(2);
  const table = page.getByRole('table');
  await expect(table.getByRole('row').filter({ hasText: 'jones-interview.txt' })).toContainText('Peter Jones');
  await expect(table.getByRole('row').filter({ hasText: 'smith-statement.txt' })).toContainText('Everyone');
  await expect(page.getByRole('button', { name: /Served evidence/ })).toContainText('2');
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, 'sara@swatham.cjsm.net');
  await openDocuments(page, id);
  await page.getByRole('button', { name: /Served evidence/ }).click();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'smith-statement.txt' })).toBeVisible();
  await expect(page.getByText('jones-interview.txt')).toHaveCount(0);
  await expect(page.getByText('Showing 1–1 of 1 document')).toBeVisible();
  // The viewer shows a text file as text.
  await page.getByRole('link', { name: 'smith-statement.txt', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'smith-statement.txt' })).toBeVisible();
  await expect(page.getByLabel('Text of smith-statement.txt')).toContainText('Statement of John Smith');
  await expectAccessible(page);
  await signOut(page);

  // paul, a Reviewer, may read and download, but is offered no way to change files.
  await signIn(page, 'paul@cps.example.cjsm.net');
  await openDocuments(page, id);
  await page.getByRole('button', { name: /Served evidence/ }).click();
  await expect(page.getByRole('link', { name: 'Download jones-interview.txt' })).toBeVisible();
  for (const control of ['New folder', 'Choose files', 'Rename or move', 'Delete folder', 'Edit jones-interview.txt', 'Delete jones-interview.txt']) {
    await expect(page.getByRole('button', { name: control })).toHaveCount(0);
  }
  await expect(page.getByText('Drop files here')).toHaveCount(0);
});

test('keyboard only: create a folder and upload through the file picker', async ({ page, baseURL }) => {
  const { id } = await caseWithPeople(baseURL);
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openDocuments(page, id);
  await tabTo(page, /^New folder$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'New folder' })).toBeVisible();
  await page.keyboard.type('Exhibits');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Created the folder Exhibits.' })).toBeVisible();

  await tabTo(page, /^Choose files$/);
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'exhibit-1.txt', mimeType: 'text/plain', buffer: Buffer.from('Exhibit one') });
  await tabTo(page, /^Upload 1 file$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('progressbar', { name: 'Uploading exhibit-1.txt' })).toHaveAttribute('value', '100');
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'exhibit-1.txt' })).toBeVisible();

  // Delete it again by keyboard, through the confirmation.
  await tabTo(page, /^Delete exhibit-1\.txt$/);
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Delete exhibit-1.txt?' });
  await expect(confirm).toBeVisible();
  await expectAccessible(page);
  await confirm.getByRole('button', { name: 'Delete document' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted exhibit-1.txt.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No documents here yet' })).toBeVisible();
});

test('reads held back while a file uploads end in the latest state, not a list left loading', async ({ page, baseURL }) => {
  const { id } = await caseWithPeople(baseURL);
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openDocuments(page, id);
  await expect(page.getByRole('heading', { name: 'No documents here yet' })).toBeVisible();
  // The tab's reads after creating the folder are held back until a file has been uploaded on
  // top of them: once they are answered, the tab must come to show the later state, not keep
  // waiting or show the earlier one.
  const reads = await holdReads(page, /\/api\/(documents_workspace|list_tags|list_documents)/);
  await page.getByRole('button', { name: 'New folder' }).click();
  await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill('Interviews');
  await page.getByRole('button', { name: 'Create folder' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created the folder Interviews.' })).toBeVisible();
  await expect.poll(() => reads.count('documents_workspace')).toBeGreaterThan(0);

  reads.stop();
  const files = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['Interview of Mary Brown.'], 'brown-interview.txt', { type: 'text/plain' }));
    return transfer;
  });
  await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: files });
  await page.getByRole('button', { name: 'Upload 1 file' }).click();
  await expect(page.getByRole('progressbar', { name: 'Uploading brown-interview.txt' })).toHaveAttribute('value', '100');

  await reads.release();
  await expect(page.getByRole('table').getByRole('row').filter({ hasText: 'brown-interview.txt' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Interviews' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Interviews/ })).toContainText('1');
  await expect(page.getByText('Loading the documents…')).toHaveCount(0);
});

test('a document dragged onto a folder moves there', async ({ page, baseURL }) => {
  const { id } = await caseWithPeople(baseURL);
  const alice = await request.newContext({ baseURL });
  await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } });
  await alice.post(`/api/v1/cases/${id}/folders`, { data: { name: 'Unused material' } });
  await alice.post(`/api/v1/cases/${id}/documents`, { multipart: { file: { name: 'draft.txt', mimeType: 'text/plain', buffer: Buffer.from('A draft') } } });
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openDocuments(page, id);
  await page.getByRole('row').filter({ hasText: 'draft.txt' }).dragTo(page.getByRole('button', { name: /Unused material/ }));
  await expect(page.getByRole('status').filter({ hasText: 'Moved draft.txt.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No documents here yet' })).toBeVisible();
  await page.getByRole('button', { name: /Unused material/ }).click();
  await expect(page.getByRole('row').filter({ hasText: 'draft.txt' })).toBeVisible();
});

for (const [label, width, height] of [['desktop', 1280, 860], ['narrow', 390, 844]] as const) {
  test(`the Documents tab at ${label} width`, async ({ page, baseURL }) => {
    const { id } = await caseWithPeople(baseURL);
    const alice = await request.newContext({ baseURL });
    await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } });
    const folder = await (await alice.post(`/api/v1/cases/${id}/folders`, { data: { name: 'Evidence' } })).json();
    await alice.post(`/api/v1/cases/${id}/folders`, { data: { name: 'Photographs', parent: folder.id } });
    for (const name of ['Statement of Mary Brown.txt', 'Custody record.pdf', 'Scene photograph 1.png']) {
      await alice.post(`/api/v1/cases/${id}/documents`, { multipart: { file: { name, mimeType: 'application/octet-stream', buffer: Buffer.from(`Content of ${name}`) } } });
    }
    await page.setViewportSize({ width, height });
    await signIn(page, 'alice@cps.example.cjsm.net');
    await openDocuments(page, id);
    // Three document rows (the header row is hidden on a phone, where each document is a card).
    for (const name of ['Statement of Mary Brown.txt', 'Custody record.pdf', 'Scene photograph 1.png']) {
      await expect(page.getByRole('table').getByRole('row').filter({ hasText: name })).toBeVisible();
    }
    await page.screenshot({ path: `screenshots/documents-${label}.png`, fullPage: true });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Edit Custody record.pdf' }).click();
    await page.getByRole('dialog', { name: 'Edit Custody record.pdf' }).waitFor();
    await page.screenshot({ path: `screenshots/document-edit-${label}.png`, fullPage: true });
    await expectAccessible(page);
  });
}
