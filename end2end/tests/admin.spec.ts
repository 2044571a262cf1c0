import { expect, request, test } from '@playwright/test';
import { expectAccessible, hydrated, PASSWORD, signIn, signOut } from './helpers';

test('the permission matrix shows every role and what it allows', async ({ page }) => {
  await signIn(page, 'admin@caseward.example');
  await page.getByRole('link', { name: 'Roles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Roles and capabilities' })).toBeVisible();
  await hydrated(page);
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Defence Advocate' })).toBeVisible();
  const deleteRow = table.getByRole('row', { name: /delete_case/ });
  await expect(deleteRow.getByRole('cell')).toHaveText([/✓/, /—/, /—/, /—/, /—/, /—/, /—/, /—/, /—/, /—/, /—/]);
  await expectAccessible(page);
});

test('a system administrator reads invitation emails in the outbox; others cannot', async ({ page, baseURL }) => {
  const alice = await request.newContext({ baseURL });
  expect((await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } })).ok()).toBeTruthy();
  const cases = await (await alice.get('/api/v1/cases')).json();
  const case2 = cases.find((c: { reference: string }) => c.reference === 'CASE-0002');
  const invited = await alice.post(`/api/v1/cases/${case2.id}/members`, { data: { email: 'dan@swatham.cjsm.net', role: 'reviewer', message: 'Disclosure is ready.' } });
  expect(invited.status()).toBe(201);

  await signIn(page, 'admin@caseward.example');
  await page.getByRole('link', { name: 'Outbox' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outbox' })).toBeVisible();
  await hydrated(page);
  const email = page.getByRole('listitem').filter({ hasText: 'Alice Archer gave you access to CASE-0002' });
  await expect(email).toContainText('To dan@swatham.cjsm.net');
  await email.getByText('Alice Archer gave you access to CASE-0002').click();
  await expect(email).toContainText('Disclosure is ready.');
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, 'alice@cps.example.cjsm.net');
  await expect(page.getByRole('link', { name: 'Outbox' })).toHaveCount(0);
  await page.goto('/admin/outbox');
  await hydrated(page);
  await expect(page.getByText('Only system administrators can read the outbox.')).toBeVisible();
});

test('a system administrator adds, edits and deletes a custom role; a role in use is kept', async ({ page, baseURL }) => {
  const name = `Disclosure ${Date.now().toString(36)}`;
  await signIn(page, 'admin@caseward.example');
  await page.goto('/admin/roles');
  await hydrated(page);
  await page.getByRole('button', { name: '+ New role' }).click();
  const dialog = page.getByRole('dialog', { name: 'New role' });
  await dialog.getByRole('button', { name: 'Add role' }).click();
  await expect(dialog.getByText('Give the role a name of 1 to 60 characters.')).toBeVisible();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByRole('button', { name: 'Add role' }).click();
  await expect(dialog.getByText('Choose at least one capability for the role.')).toBeVisible();
  await dialog.getByLabel(/^view\b/).check();
  await dialog.getByLabel(/^search\b/).check();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Add role' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added the role ${name}.` })).toBeVisible();
  await expect(page.getByRole('table').getByRole('columnheader', { name: new RegExp(name) })).toBeVisible();

  await page.getByRole('button', { name: `Edit the role ${name}` }).click();
  const edit = page.getByRole('dialog', { name: 'Edit role' });
  await expect(edit.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(edit.getByLabel(/^search\b/)).toBeChecked();
  await edit.getByLabel(/^search\b/).uncheck();
  await edit.getByRole('button', { name: 'Save role' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved the role ${name}.` })).toBeVisible();
  const column = await page.getByRole('columnheader').allTextContents();
  const index = column.findIndex((c) => c.includes(name));
  const searchRow = page.getByRole('table').getByRole('row', { name: /^search/ });
  await expect(searchRow.getByRole('cell').nth(index - 1)).toContainText('—');

  // In use by a grant: refused with the reason, and kept.
  const alice = await request.newContext({ baseURL });
  expect((await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } })).ok()).toBeTruthy();
  const roles = await (await alice.get('/api/v1/roles')).json();
  const key = roles.roles.find((r: { name: string }) => r.name === name).key;
  const cases = await (await alice.get('/api/v1/cases')).json();
  const case3 = cases.find((c: { reference: string }) => c.reference === 'CASE-0002');
  expect((await alice.post(`/api/v1/cases/${case3.id}/members`, { data: { email: 'hannah@hmcts.example.net', role: key } })).status()).toBe(201);
  try {
    await page.getByRole('button', { name: `Delete the role ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: `Delete the role ${name}?` });
    await confirm.getByRole('button', { name: 'Delete role' }).click();
    await expect(confirm.getByText(/is in use by 1 grant and cannot be deleted/)).toBeVisible();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    // Removed even when a step above fails: the People journeys invite Hannah to this case.
    const members = await (await alice.get(`/api/v1/cases/${case3.id}/members`)).json();
    const hannah = members.members.find((m: { user: { email: string } }) => m.user.email === 'hannah@hmcts.example.net');
    expect((await alice.delete(`/api/v1/cases/${case3.id}/members/${hannah.user.id}`)).status()).toBe(204);
  }
  await page.getByRole('button', { name: `Delete the role ${name}` }).click();
  await page.getByRole('dialog', { name: `Delete the role ${name}?` }).getByRole('button', { name: 'Delete role' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Deleted the role ${name}.` })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: new RegExp(name) })).toHaveCount(0);
  await signOut(page);

  // Others read the matrix but are offered no way to change it.
  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto('/admin/roles');
  await hydrated(page);
  await expect(page.getByRole('table')).toBeVisible();
  await expect(page.getByRole('button', { name: '+ New role' })).toHaveCount(0);
});
