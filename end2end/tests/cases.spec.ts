import { expect, request, test } from '@playwright/test';
import { expectAccessible, hydrated, PASSWORD, signIn, signOut, uniqueReference } from './helpers';

test('a prosecutor creates a case with two defendants, finds it, opens it and signs out; another user is denied', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await expectAccessible(page);
  // Titles as the server writes them, then as the browser sets them on moving between pages.
  await expect(page).toHaveTitle('Sign in · Caseward');

  await signIn(page, 'alice@cps.example.cjsm.net');
  await expect(page.getByRole('link', { name: 'CASE-0001' })).toBeVisible();
  await expect(page).toHaveTitle('Cases · Caseward');
  await expectAccessible(page);

  await page.getByRole('link', { name: 'New case' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New case' })).toBeVisible();
  await hydrated(page);
  await expect(page).toHaveTitle('New case · Caseward');
  await expectAccessible(page);

  const reference = uniqueReference('E2E');
  await page.getByLabel('Reference').fill(reference);
  await page.getByLabel('Title').fill('R v Green and Hill');
  await page.getByLabel('Description').fill('Conspiracy to defraud.');
  await page.getByLabel('Defendant 1 name').fill('Gail Green');
  await page.getByRole('button', { name: '+ Add defendant' }).click();
  await page.getByLabel('Defendant 2 name').fill('Harry Hill');
  await page.getByRole('button', { name: 'Create case' }).click();

  await expect(page).toHaveURL(/\/cases\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'R v Green and Hill' })).toBeVisible();
  await expect(page).toHaveTitle(`${reference} R v Green and Hill · Caseward`);
  const caseUrl = page.url();
  const defendants = page.getByRole('region', { name: 'Defendants' });
  await expect(defendants.getByRole('listitem')).toHaveText(['Gail Green', 'Harry Hill']);
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Cases', exact: true }).first().click();
  const row = page.getByRole('row', { name: new RegExp(reference) });
  await expect(row).toContainText('R v Green and Hill');
  await expect(row).toContainText('Owner');
  await row.getByRole('link', { name: reference }).click();
  await expect(page).toHaveURL(caseUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'R v Green and Hill' })).toBeVisible();

  await hydrated(page);
  await signOut(page);

  await signIn(page, 'sara@swatham.cjsm.net');
  await expect(page.getByText(reference)).toHaveCount(0);
  await page.goto(caseUrl);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this case' })).toBeVisible();
  await expect(page.getByText('alice@cps.example.cjsm.net')).toBeVisible();
  await expect(page.getByText('Gail Green')).toHaveCount(0);
  await expectAccessible(page);
});

test('the create form says what to fix and keeps what was typed', async ({ page }) => {
  await signIn(page, 'mark@cps.example.cjsm.net');
  await page.goto('/cases/new');
  await hydrated(page);
  await page.getByLabel('Reference').fill('CASE-0001');
  await page.getByLabel('Title').fill('R v Duplicate');
  await page.getByLabel('Defendant 1 name').fill('Dee Dupe');
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByText('A case with the reference CASE-0001 already exists').first()).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue('R v Duplicate');
  await expect(page.getByLabel('Reference')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await page.getByLabel('Reference').fill(uniqueReference('MARK'));
  await page.getByLabel('Defendant 1 name').fill('');
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByText('Add at least one defendant.').first()).toBeVisible();
});

test('the owner deletes a case after confirming, using only the keyboard', async ({ page }) => {
  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto('/cases/new');
  await hydrated(page);
  const reference = uniqueReference('DEL');
  await page.getByLabel('Reference').fill(reference);
  await page.getByLabel('Title').fill('R v Temporary');
  await page.getByLabel('Defendant 1 name').fill('Tim Temp');
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'R v Temporary' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete case…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Delete ${reference}?` });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Delete case…' }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete case' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
  await expect(page.getByText(reference)).toHaveCount(0);
});

test('a person whose session ends on the case list is sent to sign in by the next search, and brought back', async ({ page, context }) => {
  await signIn(page, 'alice@cps.example.cjsm.net');
  // The session ends elsewhere (signed out in another tab, say): the list's next read is refused,
  // and the browser, not the server, sends the person to sign in, once.
  await context.clearCookies();
  let refused = 0;
  page.on('response', (response) => {
    if (response.url().endsWith('/api/list_cases') && response.status() === 401) refused += 1;
  });
  const search = page.getByRole('search', { name: 'Filter your cases' });
  await search.getByLabel('Reference or title').fill('brown');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=\/$/);
  await hydrated(page);
  expect(refused).toBe(1);
  await page.getByLabel('Email address').fill('alice@cps.example.cjsm.net');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('link', { name: 'CASE-0001' })).toBeVisible();
});

test('a wrong password is refused with a message that does not say whether the account exists', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByLabel('Email address').fill('nobody@example.org');
  await page.getByLabel('Password').fill('not-a-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email address or password is not right.');
  await expectAccessible(page);
});

test('the create form lists every problem at once', async ({ page }) => {
  await signIn(page, 'mark@cps.example.cjsm.net');
  await page.goto('/cases/new');
  await hydrated(page);
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('alert')).toContainText('Fix the 3 problems marked below.');
  await expect(page.getByLabel('Reference')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Add at least one defendant.')).toBeVisible();
});

test('the owner edits the case details; a stale edit and a past date are refused; a reviewer is offered no edit', async ({ page, baseURL }) => {
  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto('/cases/new');
  await hydrated(page);
  const reference = uniqueReference('EDIT');
  await page.getByLabel('Reference').fill(reference);
  await page.getByLabel('Title').fill('R v Before');
  await page.getByLabel('Defendant 1 name').fill('Bo Before');
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'R v Before' })).toBeVisible();
  await hydrated(page);
  const caseId = page.url().split('/').pop();

  await page.getByRole('button', { name: 'Edit details' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit case details' });
  await expect(dialog.getByLabel('Title')).toHaveValue('R v Before');
  await dialog.getByLabel('Target date (optional)').fill('2020-01-01');
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(dialog.getByText('The target date must be today or later.')).toBeVisible();
  await dialog.getByLabel('Target date (optional)').fill('2031-03-31');
  await dialog.getByLabel('Title').fill('R v After');
  await dialog.getByLabel('Description').fill('Amended indictment.');
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the case details.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'R v After' })).toBeVisible();
  await expect(page.getByText('Amended indictment.')).toBeVisible();
  await expect(page.getByText('2031-03-31')).toBeVisible();

  // Someone else saves first (through the API, with the current version): this page's copy is stale.
  const other = await request.newContext({ baseURL });
  expect((await other.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } })).ok()).toBeTruthy();
  const current = await (await other.get(`/api/v1/cases/${caseId}`)).json();
  expect((await other.patch(`/api/v1/cases/${caseId}`, { data: { title: 'R v Elsewhere', version: current.version } })).ok()).toBeTruthy();
  await page.getByRole('button', { name: 'Edit details' }).click();
  await dialog.getByLabel('Title').fill('R v Mine');
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(dialog.getByText(/Someone else changed this case's settings a moment ago/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  expect((await other.post(`/api/v1/cases/${caseId}/members`, { data: { email: 'paul@cps.example.cjsm.net', role: 'reviewer' } })).status()).toBe(201);
  await signOut(page);
  await signIn(page, 'paul@cps.example.cjsm.net');
  await page.goto(`/cases/${caseId}`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'R v Elsewhere' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit details' })).toHaveCount(0);
});

test('the case list filters by text and status on the server, and says when nothing matches', async ({ page }) => {
  await signIn(page, 'alice@cps.example.cjsm.net');
  const search = page.getByRole('search', { name: 'Filter your cases' });
  await search.getByLabel('Reference or title').fill('brown');
  await search.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('Showing 1–1 of 1 case')).toBeVisible();
  await expect(page.getByRole('link', { name: 'CASE-0002' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'CASE-0001' })).toHaveCount(0);
  await expectAccessible(page);

  await search.getByLabel('Status').selectOption('closed');
  await expect(page.getByRole('heading', { name: 'No case matches' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await expect(page.getByRole('link', { name: 'CASE-0001' })).toBeVisible();
  await expect(page.getByRole('search', { name: 'Filter your cases' }).getByLabel('Reference or title')).toHaveValue('');
});
