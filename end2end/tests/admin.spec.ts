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
