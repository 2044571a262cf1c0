import { expect, Page, test } from '@playwright/test';
import { expectAccessible, hydrated, openPeople, signIn, signOut, tabTo } from './helpers';

async function invite(page: Page, search: string, person: RegExp, role: string, options: { defendants?: string[]; expires?: string } = {}) {
  await page.getByRole('button', { name: '+ Add a user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a user' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Find a person by email, name or usual role').fill(search);
  await dialog.getByRole('button', { name: person }).click();
  await dialog.getByRole('radio', { name: role, exact: true }).check();
  for (const name of options.defendants ?? []) {
    await dialog.getByRole('checkbox', { name }).check();
  }
  if (options.expires) await dialog.getByLabel('Access expires (optional)').fill(options.expires);
  await dialog.getByRole('button', { name: 'Invite' }).click();
  await expect(dialog).toBeHidden();
}

test('a defence advocate invited for one defendant sees only that defendant and no sharing controls', async ({ page }) => {
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openPeople(page, 'CASE-0001');
  await expectAccessible(page);

  await page.getByRole('button', { name: '+ Add a user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a user' });
  await dialog.getByLabel('Find a person by email, name or usual role').fill('sara');
  await dialog.getByRole('button', { name: /Sara Singh/ }).click();
  await dialog.getByRole('radio', { name: 'Defence Advocate', exact: true }).check();
  await expectAccessible(page);
  // A defence advocate must be given defendants: the server says so if none are chosen.
  await dialog.getByRole('button', { name: 'Invite' }).click();
  await expect(dialog.getByText('Choose at least one defendant for a Defence Advocate.')).toBeVisible();
  await dialog.getByRole('checkbox', { name: 'John Smith' }).check();
  await dialog.getByLabel('Access expires (optional)').fill('2099-12-31');
  await dialog.getByRole('button', { name: 'Invite' }).click();
  await expect(page.getByRole('status')).toContainText('Invited Sara Singh as Defence Advocate.');
  const sara = page.getByRole('listitem').filter({ hasText: 'sara@swatham.cjsm.net' });
  await expect(sara).toContainText('John Smith');
  await expect(sara).toContainText('Until 31 Dec 2099');
  await sara.getByText('Why?').click();
  await expect(sara).toContainText('Invited as Defence Advocate by Alice Archer');
  await signOut(page);

  await signIn(page, 'sara@swatham.cjsm.net');
  await page.getByRole('link', { name: 'CASE-0001' }).click();
  const defendants = page.getByRole('region', { name: 'Defendants' });
  await expect(defendants.getByRole('listitem')).toHaveText(['John Smith']);
  await page.getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { name: 'People with access' })).toBeVisible();
  await expect(page.getByRole('button', { name: '+ Add a user' })).toHaveCount(0);
  await expect(page.getByRole('combobox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Remove access/ })).toHaveCount(0);
});

test('roles change from the dropdown, an admin invites in turn, and a revoked judge is refused at once', async ({ page }) => {
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openPeople(page, 'CASE-0001');
  await invite(page, 'paul', /Paul Price/, 'Reviewer');
  await expect(page.getByRole('status')).toContainText('Invited Paul Price as Reviewer.');
  await page.getByLabel('Role of Paul Price').selectOption('admin');
  await expect(page.getByRole('status')).toContainText('Saved: Paul Price is now Admin.');
  await expect(page.getByLabel('Role of Paul Price')).toHaveValue('admin');
  await signOut(page);

  await signIn(page, 'paul@cps.example.cjsm.net');
  await openPeople(page, 'CASE-0001');
  await invite(page, 'judge', /Judge Hale/, 'Fee Paid Judge');
  await expect(page.getByRole('status')).toContainText('Invited Judge Hale as Fee Paid Judge.');
  await signOut(page);

  await signIn(page, 'judge@hmcts.example.net');
  await expect(page.getByRole('link', { name: 'CASE-0001' })).toBeVisible();
  const caseUrl = await page.getByRole('link', { name: 'CASE-0001' }).getAttribute('href');
  await signOut(page);

  await signIn(page, 'alice@cps.example.cjsm.net');
  await openPeople(page, 'CASE-0001');
  await page.getByRole('button', { name: 'Remove access for Judge Hale' }).click();
  const confirm = page.getByRole('dialog', { name: "Remove Judge Hale's access?" });
  await confirm.getByRole('button', { name: 'Remove access' }).click();
  await expect(page.getByRole('status')).toContainText("Removed Judge Hale's access.");
  await expect(page.getByText('judge@hmcts.example.net')).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'judge@hmcts.example.net');
  await page.goto(caseUrl!);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'You do not have access to this case' })).toBeVisible();
});

test('the add-user dialog and the revoke confirmation work with the keyboard alone', async ({ page }) => {
  await signIn(page, 'alice@cps.example.cjsm.net');
  await openPeople(page, 'CASE-0002');

  await tabTo(page, /^\+ Add a user$/);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add a user' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Find a person by email, name or usual role')).toBeFocused();
  await page.keyboard.type('hannah');
  await expect(dialog.getByRole('button', { name: /Hannah Hughes/ })).toBeVisible();
  await tabTo(page, /Hannah Hughes/);
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('radio').first()).toBeFocused();
  await page.keyboard.press('Space');
  await expect(dialog.getByRole('radio', { name: 'Fee Paid Judge' })).toBeChecked();
  await tabTo(page, /^Invite$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Invited Hannah Hughes as Fee Paid Judge.');

  await tabTo(page, /^Remove access for Hannah Hughes$/);
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: "Remove Hannah Hughes's access?" });
  await expect(confirm).toBeVisible();
  await tabTo(page, /^Remove access$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText("Removed Hannah Hughes's access.");
});
