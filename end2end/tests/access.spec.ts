import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, Page, request, test } from '@playwright/test';
import { expectAccessible, hydrated, PASSWORD, signIn, signOut, uniqueReference } from './helpers';

const root = path.resolve(__dirname, '../..');

/** Adds a user to the e2e database with the app's own command, as an administrator would. */
function createUser(email: string, name: string, organisation: string, office: string, usualRole: string) {
  execFileSync(path.join(root, 'target/release/caseward'), [
    'create-user', '--email', email, '--name', name, '--organisation', organisation, '--office', office, '--usual-role', usualRole,
  ], { cwd: root, env: { ...process.env, DATABASE_URL: 'sqlite://target/e2e/caseward.db', CASEWARD_NEW_PASSWORD: PASSWORD, CASEWARD_LOG: 'warn' } });
}

async function openTab(page: Page, reference: string, tab: 'People' | 'Access') {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('link', { name: reference }).click();
  await page.getByRole('link', { name: tab, exact: true }).click();
  await hydrated(page);
}

test('a group restricted to Southwark: whoever opened the case keeps access when it is removed, the others lose it', async ({ page, baseURL }) => {
  const unique = Date.now().toString(36);
  const second = `noah.${unique}@probation.example.net`;
  createUser(second, `Noah North ${unique}`, 'Probation Service', 'Southwark', 'NOMS');
  const alice = await request.newContext({ baseURL });
  expect((await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } })).ok()).toBeTruthy();
  const reference = uniqueReference('GRP');
  const created = await alice.post('/api/v1/cases', { data: { reference, title: 'R v Group', defendants: ['Gus Group'] } });
  expect(created.status()).toBe(201);

  await signIn(page, 'alice@cps.example.cjsm.net');
  await openTab(page, reference, 'Access');
  await expect(page.getByText('No group has access to this case.')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Add Role' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Role' });
  await dialog.getByLabel('Role name').selectOption('NOMS');
  await dialog.getByLabel('Location').selectOption('Southwark');
  await dialog.getByLabel('Case role').selectOption('reviewer');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Add group' }).click();
  await expect(page.getByRole('status')).toContainText('Added the group NOMS (Southwark) as Reviewer.');
  const row = page.getByRole('region', { name: 'Groups' }).getByRole('listitem').filter({ hasText: 'NOMS' });
  await expect(row).toContainText('Southwark');
  await expect(row).toContainText('Reviewer');
  await expect(row).toContainText('Alice Archer');
  await expectAccessible(page);
  await signOut(page);

  // Nora (NOMS, Southwark) finds and opens the case; lee (NOMS, Leeds) does not have it.
  await signIn(page, 'nora@probation.example.net');
  await page.getByRole('link', { name: reference }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'R v Group' })).toBeVisible();
  await signOut(page);
  await signIn(page, 'lee@probation.example.net');
  await expect(page.getByRole('link', { name: reference })).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'alice@cps.example.cjsm.net');
  await openTab(page, reference, 'Access');
  await page.getByRole('button', { name: 'Remove the group NOMS (Southwark)' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove the group NOMS (Southwark)?' });
  await expect(confirm).toContainText('1 person in it has opened the case and will keep access');
  await confirm.getByRole('button', { name: 'Remove group' }).click();
  await expect(page.getByRole('status')).toContainText('Kept access because they had opened the case: Nora Nash.');
  await expect(page.getByText('No group has access to this case.')).toBeVisible();
  await page.getByRole('link', { name: 'People', exact: true }).click();
  const nora = page.getByRole('listitem').filter({ hasText: 'nora@probation.example.net' });
  await expect(nora).toContainText('Retained');
  await expect(page.getByRole('button', { name: 'Remove access for Nora Nash' })).toBeVisible();
  await signOut(page);

  await signIn(page, 'nora@probation.example.net');
  await page.getByRole('link', { name: reference }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'R v Group' })).toBeVisible();
  await signOut(page);

  // The second NOMS user at Southwark never opened it: no access now.
  await signIn(page, second);
  await expect(page.getByRole('link', { name: reference })).toHaveCount(0);
  const url = created.headers()['location'] ?? `/cases/${(await created.json()).id}`;
  await page.goto(url.replace('/api/v1', ''));
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this case' })).toBeVisible();
});

test('a defence firm is added by email domain for one defendant; a chambers is refused', async ({ page }) => {
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openTab(page, 'CASE-0001', 'Access');
  await page.getByRole('button', { name: 'Add a Defence Email Domain' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a Defence Email Domain' });
  await dialog.getByLabel('Email domain').fill('templerow.cjsm.net');
  await dialog.getByRole('checkbox', { name: 'Peter Jones' }).check();
  await dialog.getByRole('button', { name: 'Add Defence Email Domain' }).click();
  await expect(dialog.getByRole('alert')).toContainText("barristers' chambers");
  await dialog.getByLabel('Location').selectOption('London');
  await expect(dialog).toContainText('restricts cross-office working');
  await dialog.getByLabel('Location').selectOption('');
  // A domain nobody owns is added only once confirmed.
  await dialog.getByLabel('Email domain').fill('new-firm.example');
  await dialog.getByRole('button', { name: 'Add Defence Email Domain' }).click();
  await expect(dialog.getByRole('alert')).toContainText('No organisation registered in Caseward owns new-firm.example');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Add it anyway' }).click();
  await expect(page.getByRole('status')).toContainText('Added new-firm.example');
  await page.getByRole('button', { name: 'Remove the domain new-firm.example' }).click();
  await page.getByRole('dialog', { name: 'Remove new-firm.example?' }).getByRole('button', { name: 'Remove domain' }).click();
  await expect(page.getByRole('status')).toContainText('Removed the domain new-firm.example.');

  await page.getByRole('button', { name: 'Add a Defence Email Domain' }).click();
  await dialog.getByLabel('Email domain').fill('swatham.cjsm.net');
  await dialog.getByRole('checkbox', { name: 'Peter Jones' }).check();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Add Defence Email Domain' }).click();
  await expect(page.getByRole('status')).toContainText('Added swatham.cjsm.net');
  const domain = page.getByRole('listitem').filter({ hasText: 'swatham.cjsm.net' });
  await expect(domain).toContainText('Swatham & Co Solicitors');
  await expect(domain).toContainText('Defence Advocate for Peter Jones');
  await expectAccessible(page);
  await signOut(page);

  await signIn(page, 'dan@swatham.cjsm.net');
  await page.getByRole('link', { name: 'CASE-0001' }).click();
  await expect(page.getByRole('region', { name: 'Defendants' }).getByRole('listitem')).toHaveText(['Peter Jones']);
  await expect(page.getByRole('region', { name: 'Your access' })).toContainText('Email address at swatham.cjsm.net');
  await signOut(page);

  // Removed again, so that the other journeys start from the demo world.
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openTab(page, 'CASE-0001', 'Access');
  await page.getByRole('button', { name: 'Remove the domain swatham.cjsm.net' }).click();
  await page.getByRole('dialog', { name: 'Remove swatham.cjsm.net?' }).getByRole('button', { name: 'Remove domain' }).click();
  await expect(page.getByText('No email domain has access to this case.')).toBeVisible();
});

test('jo asks for access to CASE-0001; alice approves it as Defence Advocate for John Smith', async ({ page, baseURL }) => {
  await signIn(page, 'jo@johnson.co.uk.cjsm.net');
  const cases = await (await page.request.get('/api/v1/cases')).json();
  expect(cases.find((c: { reference: string }) => c.reference === 'CASE-0001')).toBeUndefined();
  const alice = await request.newContext({ baseURL });
  await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } });
  const all = await (await alice.get('/api/v1/cases')).json();
  const id = all.find((c: { reference: string }) => c.reference === 'CASE-0001').id;

  await page.goto(`/cases/${id}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this case' })).toBeVisible();
  await expect(page.getByText('alice@cps.example.cjsm.net')).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Message (optional)').fill('I act for John Smith.');
  await page.getByRole('button', { name: 'Request access' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You asked for access on' })).toBeVisible();
  // A second request is refused by the server, and the page says a request is pending.
  const again = await page.request.post(`/api/v1/cases/${id}/requests`, { data: { message: 'again' } });
  expect(again.status()).toBe(409);
  await page.reload();
  await hydrated(page);
  await expect(page.getByText('You asked for access on')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Request access' })).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'alice@cps.example.cjsm.net');
  await openTab(page, 'CASE-0001', 'People');
  const requests = page.getByRole('region', { name: /Access requests/ });
  await expect(requests).toContainText('Jo Johnson');
  await expect(requests).toContainText('I act for John Smith.');
  await expectAccessible(page);
  await requests.getByRole('button', { name: "Approve Jo Johnson's request" }).click();
  const dialog = page.getByRole('dialog', { name: "Approve Jo Johnson's request" });
  await dialog.getByRole('radio', { name: 'Defence Advocate', exact: true }).check();
  await dialog.getByRole('checkbox', { name: 'John Smith' }).check();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText('Approved: Jo Johnson now has access as Defence Advocate.');
  await expect(page.getByRole('region', { name: /Access requests/ })).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'jo@johnson.co.uk.cjsm.net');
  await page.getByRole('link', { name: 'CASE-0001' }).click();
  await expect(page.getByRole('region', { name: 'Defendants' }).getByRole('listitem')).toHaveText(['John Smith']);
});
