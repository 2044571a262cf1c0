import { request, test } from '@playwright/test';
import { expectAccessible, hydrated, PASSWORD, signIn } from './helpers';

/** A pending request and a group on CASE-0001, so those panels show (a repeat gets 409: fine). */
async function populate(baseURL: string | undefined) {
  const as = async (email: string) => {
    const context = await request.newContext({ baseURL });
    await context.post('/api/v1/session', { data: { email, password: PASSWORD } });
    return context;
  };
  const alice = await as('alice@cps.example.cjsm.net');
  const cases = await (await alice.get('/api/v1/cases')).json();
  const id = cases.find((c: { reference: string }) => c.reference === 'CASE-0001').id;
  await alice.post(`/api/v1/cases/${id}/groups`, { data: { usual_role: 'HMCTS Admin', location: 'Southwark', role: 'user' } });
  const lee = await as('lee@probation.example.net');
  await lee.post(`/api/v1/cases/${id}/requests`, { data: { message: 'Pre-sentence report due next week.' } });
}

// Saves each page at desktop and phone widths (end2end/screenshots/, not committed) for a person
// to look at, and checks accessibility at the narrow width too.
for (const [label, width, height] of [['desktop', 1280, 860], ['narrow', 390, 844]] as const) {
  test(`pages at ${label} width`, async ({ page, baseURL }) => {
    await populate(baseURL);
    await page.setViewportSize({ width, height });
    const shot = (name: string) => page.screenshot({ path: `screenshots/${name}-${label}.png`, fullPage: true });

    await page.goto('/sign-in');
    await hydrated(page);
    await shot('sign-in');

    await signIn(page, 'alice@cps.example.cjsm.net');
    await shot('case-list');
    await expectAccessible(page);

    await page.goto('/cases/new');
    await hydrated(page);
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.getByText('Enter a case reference').first().waitFor();
    await shot('new-case-errors');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Cases', exact: true }).first().click();
    await page.getByRole('link', { name: 'CASE-0001' }).click();
    await page.getByRole('heading', { level: 1, name: 'R v Smith and Jones' }).waitFor();
    await hydrated(page);
    await shot('case-page');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByRole('dialog', { name: 'Edit case details' }).waitFor();
    await shot('edit-details-dialog');
    await expectAccessible(page);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Delete case…' }).click();
    await page.getByRole('dialog').waitFor();
    await shot('delete-dialog');
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'People' }).click();
    await page.getByRole('heading', { name: 'People with access' }).waitFor();
    await hydrated(page);
    await shot('people');
    await expectAccessible(page);
    await page.getByRole('button', { name: '+ Add a user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel('Find a person by email, name or usual role').fill('swatham');
    await dialog.getByRole('button', { name: /Dan Doyle/ }).click();
    await dialog.getByRole('radio', { name: 'Defence Advocate', exact: true }).check();
    await shot('add-user-dialog');
    await expectAccessible(page);
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Access', exact: true }).click();
    await page.getByRole('heading', { name: 'Groups' }).waitFor();
    await hydrated(page);
    await shot('access-tab');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Add a Defence Email Domain' }).click();
    await page.getByRole('dialog', { name: 'Add a Defence Email Domain' }).waitFor();
    await shot('add-domain-dialog');
    await expectAccessible(page);
    await page.keyboard.press('Escape');

    await page.goto('/cases/3');
    await hydrated(page);
    await shot('access-denied');
    await expectAccessible(page);

    await page.goto('/admin/roles');
    await hydrated(page);
    await shot('roles');

    await page.goto('/no-such-page');
    await hydrated(page);
    await shot('not-found');
    await expectAccessible(page);
  });
}

test('admin pages at both widths', async ({ page }) => {
  await signIn(page, 'admin@caseward.example');
  for (const [label, width, height] of [['desktop', 1280, 860], ['narrow', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.goto('/admin/roles');
    await hydrated(page);
    await page.screenshot({ path: `screenshots/roles-admin-${label}.png`, fullPage: true });
    await page.getByRole('button', { name: '+ New role' }).click();
    await page.getByRole('dialog', { name: 'New role' }).waitFor();
    await page.screenshot({ path: `screenshots/role-dialog-${label}.png` });
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await page.goto('/admin/outbox');
    await hydrated(page);
    await page.screenshot({ path: `screenshots/outbox-${label}.png`, fullPage: true });
  }
});
