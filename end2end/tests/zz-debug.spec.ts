import { expect, request, test } from '@playwright/test';
import { hydrated, PASSWORD, signIn } from './helpers';
test('debug folder create', async ({ page, baseURL }) => {
  page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  const alice = await request.newContext({ baseURL });
  await alice.post('/api/v1/session', { data: { email: 'alice@cps.example.cjsm.net', password: PASSWORD } });
  const created = await (await alice.post('/api/v1/cases', { data: { reference: 'DBG-' + Date.now(), title: 'Debug', defendants: ['A B'] } })).json();
  await signIn(page, 'alice@cps.example.cjsm.net');
  await page.goto(`/cases/${created.id}/documents`);
  await hydrated(page);
  await page.getByRole('button', { name: 'New folder' }).click();
  await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill('Served evidence');
  await page.getByRole('button', { name: 'Create folder' }).click();
  await page.waitForTimeout(3000);
  console.log(await page.locator('main').innerText());
});
