import { APIRequestContext, expect, Page, request, test } from '@playwright/test';
import { expectAccessible, hydrated, PASSWORD, signIn, signOut, tabTo, uniqueReference } from './helpers';

async function api(baseURL: string | undefined, email: string): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  expect((await context.post('/api/v1/session', { data: { email, password: PASSWORD } })).ok()).toBeTruthy();
  return context;
}

async function caseId(context: APIRequestContext, reference: string): Promise<number> {
  const cases = await (await context.get('/api/v1/cases')).json();
  return cases.find((c: { reference: string }) => c.reference === reference).id;
}

async function openPermissions(page: Page, reference: string) {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('link', { name: reference }).click();
  await page.getByRole('link', { name: 'Permissions' }).click();
  await expect(page.getByRole('heading', { name: 'Case defaults' })).toBeVisible();
  await hydrated(page);
}

async function shots(page: Page, name: string) {
  for (const [label, width, height] of [['desktop', 1280, 860], ['narrow', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `screenshots/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

test('a Not allowed default with an Allow line for Paul: Paul edits the details, another Admin cannot', async ({ page, baseURL }) => {
  const alice = await api(baseURL, 'alice@cps.example.cjsm.net');
  const id = await caseId(alice, 'CASE-0002');
  for (const email of ['paul@cps.example.cjsm.net', 'mark@cps.example.cjsm.net']) {
    expect((await alice.post(`/api/v1/cases/${id}/members`, { data: { email, role: 'admin' } })).status()).toBe(201);
  }

  await signIn(page, 'alice@cps.example.cjsm.net');
  await openPermissions(page, 'CASE-0002');
  await expectAccessible(page);
  const settings = page.getByRole('group', { name: 'Adjust case settings' });
  await settings.getByRole('radio', { name: 'Not allowed' }).check();
  await page.getByLabel('Select user').fill('paul');
  await page.getByRole('button', { name: /Paul Price/ }).click();
  await page.getByRole('button', { name: 'Add user to list' }).click();
  const line = page.getByRole('listitem').filter({ hasText: 'paul@cps.example.cjsm.net' });
  await line.getByLabel('Adjust case settings').selectOption('allow');
  await expect(page.getByText('You have unsaved changes.')).toBeVisible();
  await expectAccessible(page);
  await shots(page, 'permissions-editing');
  await page.getByRole('button', { name: 'Save permissions' }).click();
  await expect(page.getByRole('status').filter({ hasText: "The case's permissions are saved." })).toBeVisible();
  await shots(page, 'permissions-saved');
  await signOut(page);

  // Paul (Admin, allowed by his line) edits the details.
  await signIn(page, 'paul@cps.example.cjsm.net');
  await page.getByRole('link', { name: 'CASE-0002' }).click();
  await expect(page.getByText('Adjust case settings: allowed for you by an override')).toBeVisible();
  await page.getByRole('button', { name: 'Edit details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit case details' });
  await dialog.getByLabel('Title').fill('R v Brown (trial bundle)');
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'R v Brown (trial bundle)' })).toBeVisible();
  await signOut(page);

  // Mark (Admin too, no line): the default stops him, and his access says why.
  await signIn(page, 'mark@cps.example.cjsm.net');
  await page.getByRole('link', { name: 'CASE-0002' }).click();
  await expect(page.getByText('Adjust case settings: not allowed on this case by its default')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit details' })).toHaveCount(0);
  // The server refuses him too, whatever the browser sends.
  const mark = await api(baseURL, 'mark@cps.example.cjsm.net');
  const detail = await (await mark.get(`/api/v1/cases/${id}`)).json();
  expect((await mark.patch(`/api/v1/cases/${id}`, { data: { title: 'R v Other', version: detail.version } })).status()).toBe(403);
});

test('an administrator creates a template and alice lands on the new case’s Permissions tab', async ({ page }) => {
  await signIn(page, 'admin@caseward.example');
  await page.getByRole('link', { name: 'Templates' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Case templates' })).toBeVisible();
  await hydrated(page);
  await expect(page.getByText('No templates yet.')).toBeVisible();
  await page.getByRole('button', { name: '+ New template' }).click();
  const dialog = page.getByRole('dialog', { name: 'New template' });
  await dialog.getByLabel('Name', { exact: true }).fill('Youth court');
  await dialog.getByLabel('Description', { exact: true }).fill('Cases heard at the youth court: probation reviews them.');
  await dialog.getByRole('group', { name: 'Make batch updates' }).getByRole('radio', { name: 'Not allowed' }).check();
  await dialog.getByRole('button', { name: '+ Add group' }).click();
  await dialog.getByLabel('Usual role', { exact: true }).selectOption('NOMS');
  await dialog.getByLabel('Case role', { exact: true }).selectOption('reviewer');
  await expectAccessible(page);
  await shots(page, 'template-dialog');
  await dialog.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('status')).toContainText('Added the template Youth court.');
  await expect(page.getByRole('listitem').filter({ hasText: 'Youth court' })).toContainText('NOMS (all locations) as Reviewer');
  await expectAccessible(page);
  await shots(page, 'templates');
  await page.getByRole('link', { name: 'Defaults' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Global case defaults' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await shots(page, 'global-defaults');
  await signOut(page);

  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto('/cases/new');
  await hydrated(page);
  const reference = uniqueReference('TPL');
  await page.getByLabel('Reference').fill(reference);
  await page.getByLabel('Title').fill('R v Young');
  await page.getByLabel('Defendant 1 name').fill('Yan Young');
  await page.getByLabel('Case template (optional)').selectOption({ label: 'Youth court' });
  await expect(page.getByText('Cases heard at the youth court')).toBeVisible();
  await expect(page.getByLabel('Copy permissions from the case template to the new case')).toBeChecked();
  await expect(page.getByLabel('Show case permissions after the case is created')).toBeChecked();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByText('A new case has been created.')).toBeVisible();
  await expect(page).toHaveURL(/\/permissions\?created=1$/);
  await hydrated(page);
  await expect(page.getByRole('group', { name: 'Make batch updates' }).getByRole('radio', { name: 'Not allowed' })).toBeChecked();
  await expect(page.getByRole('group', { name: 'Adjust case settings' }).getByRole('radio', { name: 'By role' })).toBeChecked();
  await shots(page, 'permissions-new-case');
});

test('the case defaults change with the keyboard alone', async ({ page, baseURL }) => {
  // A case of its own, so that no other journey meets its policy.
  const alice = await api(baseURL, 'alice@cps.example.cjsm.net');
  const reference = uniqueReference('KEY');
  const created = await alice.post('/api/v1/cases', { data: { reference, title: 'R v Keys', defendants: ['Kim Keys'] } });
  expect(created.status()).toBe(201);

  await signIn(page, 'alice@cps.example.cjsm.net');
  await openPermissions(page, reference);
  // Tab reaches a radio group at its checked radio ("By role"); the arrows move within the group.
  const byRole = page.locator('#case-default-manage_permissions-by_role');
  for (let i = 0; i < 60 && !(await byRole.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(byRole).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  const manage = page.getByRole('group', { name: 'Manage case permissions' });
  await expect(manage.getByRole('radio', { name: 'Not allowed' })).toBeChecked();
  await tabTo(page, /^Save permissions$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: "The case's permissions are saved." })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('group', { name: 'Manage case permissions' }).getByRole('radio', { name: 'Not allowed' })).toBeChecked();
});
