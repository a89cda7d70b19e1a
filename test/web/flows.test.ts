// The dashboard end to end in a real Chromium over a real Tessera: every flow of issue 18, each checked
// through the API as well as on the page.
import { Tessera } from '@tessera/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { chromiumAvailable, launchBrowser, newWatchedPage, signIn, type Watched } from './browser.js';

const available = chromiumAvailable();

describe.skipIf(!available)('the dashboard, end to end', () => {
  let server: TestServer;
  let browser: Browser;
  let watched: Watched;
  let page: Page;
  let api: Tessera;
  let receiver: WebhookReceiver;
  /** The token the create flow makes, and its first secret. */
  const ci = { id: '', secret: '', rotated: '' };

  beforeAll(async () => {
    [server, browser, receiver] = await Promise.all([
      startTestServer({ env: { TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true' } }),
      launchBrowser(),
      new WebhookReceiver().start(),
    ]);
    api = new Tessera({ baseUrl: server.url, token: server.ownerToken });
    watched = await newWatchedPage(browser);
    page = watched.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.close();
  });

  /** The secret the open secret dialog shows; then Done, and the dialog is gone. */
  async function takeSecret(prefix = 'tsr_'): Promise<string> {
    const dialog = page.getByRole('dialog');
    const secret = await dialog.getByRole('textbox', { name: 'Secret' }).inputValue();
    expect(secret.startsWith(prefix), secret.slice(0, 8)).toBe(true);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    return secret;
  }

  async function openToken(name: string): Promise<void> {
    await page.goto(`${server.url}/ui/`);
    await page.getByRole('searchbox', { name: 'Search tokens' }).fill(name);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }

  it('signs in with a pasted token; a reload keeps the session', async () => {
    await signIn(page, server.url, server.ownerToken);
    await page.getByRole('heading', { level: 1, name: 'Tokens' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tokens' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
  });

  it('creates a token from its name alone: the secret shows once, verifies, and leaves the page at Done', async () => {
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('ci-deploy');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    // Only Done closes it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    ci.secret = await dialog.getByRole('textbox', { name: 'Secret' }).inputValue();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { level: 1, name: 'ci-deploy' }).waitFor();
    expect(await page.content()).not.toContain(ci.secret);
    const inputs = await page.evaluate(() =>
      [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value),
    );
    expect(inputs.join(' ')).not.toContain(ci.secret);
    const answer = await api.verify(ci.secret);
    expect(answer.valid).toBe(true);
    ci.id = answer.token!.id;
    expect(page.url()).toContain(`/ui/tokens/${ci.id}`);
  });

  it('validates the create form inline, and shows a server refusal with its detail and request id', async () => {
    await page.goto(`${server.url}/ui/tokens/new`);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    expect(await page.getByText('Name is required').isVisible()).toBe(true);
    expect(await page.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('textbox', { name: 'Name' }).fill('refused');
    await page.getByRole('textbox', { name: 'Allowed CIDRs' }).fill('not-an-address');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    expect(await page.getByText('not-an-address is not an address or CIDR block').isVisible()).toBe(true);
    await page.getByRole('textbox', { name: 'Allowed CIDRs' }).fill('');
    await page.getByRole('textbox', { name: 'Custom roles' }).fill('no-such-role');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Request id: req_' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('no-such-role');
    const refused = await api.tokens.list({ name_prefix: 'refused' });
    expect(refused.data).toEqual([]);
  });

  it('searches, filters and pages the token list', async () => {
    for (let i = 0; i < 12; i++)
      await api.tokens.create({ name: `page-${String(i).padStart(2, '0')}`, ttl: 3600 });
    const one = await api.tokens.create({ name: 'page-session', type: 'session', ttl: 3600 });
    await page.goto(`${server.url}/ui/`);
    await page.getByRole('searchbox', { name: 'Search tokens' }).fill('page-');
    await page.getByRole('combobox', { name: 'Per page' }).selectOption('10');
    const rows = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^page-/ }) });
    await expect.poll(() => page.getByText('Page 1 of 2 · 13 tokens').isVisible()).toBe(true);
    await expect.poll(() => rows.count()).toBe(10);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2 of 2 · 13 tokens').waitFor();
    // The pager's text changes with the page asked, before that page's rows arrive: wait for the rows.
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByRole('combobox', { name: 'Type' }).selectOption('session');
    await page.getByText('Page 1 of 1 · 1 tokens').waitFor();
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('page-session')]);
    await page.getByRole('combobox', { name: 'Type' }).selectOption('');
    await page.getByText('Page 1 of 2 · 13 tokens').waitFor();
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('name');
    // Sorted by the server: the order holds across pages, not just on the one shown.
    await expect
      .poll(async () => {
        const shown = await rows.getByRole('link').allTextContents();
        return shown.length === 10 && shown.join() === [...shown].sort().join();
      })
      .toBe(true);
    const firstPage = await rows.getByRole('link').allTextContents();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2 of 2 · 13 tokens').waitFor();
    await expect.poll(() => rows.count()).toBe(3);
    const secondPage = await rows.getByRole('link').allTextContents();
    expect([...firstPage, ...secondPage]).toEqual([...firstPage, ...secondPage].sort());
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Page 1 of 2 · 13 tokens').waitFor();
    // The newer filters: a scope, and tokens not used since tomorrow (all of these: never used).
    await page.getByRole('textbox', { name: 'Scope' }).fill('no:such-scope');
    await page.getByText('Page 1 of 1 · 0 tokens').waitFor();
    await page.getByRole('textbox', { name: 'Scope' }).fill('');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Not used since').fill(tomorrow);
    await page.getByText('Page 1 of 2 · 13 tokens').waitFor();
    await page.getByLabel('Not used since').fill('');
    await api.tokens.revoke(one.id);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('revoked');
    await page.getByText('Page 1 of 1 · 1 tokens').waitFor();
    await expect.poll(() => rows.first().textContent()).toContain('revoked');
  });

  it('edits a token: name, description and metadata, as the API then reads them', async () => {
    await openToken('ci-deploy');
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('ci-deploy-2');
    await page.getByRole('textbox', { name: 'Description' }).fill('deploys the web app');
    await page.getByRole('textbox', { name: /Metadata/ }).fill('team=web\nticket=OPS-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'ci-deploy-2' }).waitFor();
    const token = await api.tokens.get(ci.id);
    expect(token).toMatchObject({
      name: 'ci-deploy-2',
      description: 'deploys the web app',
      metadata: { team: 'web', ticket: 'OPS-1' },
    });
  });

  it('rotates with a grace period: the new secret and the old one both work', async () => {
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Grace period' }).selectOption({ label: '1 hour' });
    const options = await dialog
      .getByRole('combobox', { name: 'Grace period' })
      .locator('option')
      .allTextContents();
    expect(options).toEqual(['none', '10 minutes', '1 hour', '1 day']);
    await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
    await page.getByRole('textbox', { name: 'Secret' }).waitFor();
    ci.rotated = await takeSecret();
    expect(ci.rotated).not.toBe(ci.secret);
    expect((await api.verify(ci.rotated)).valid).toBe(true);
    expect((await api.verify(ci.secret)).valid).toBe(true);
    const token = await api.tokens.get(ci.id);
    expect(Date.parse(token.previous_secret_expires_at!)).toBeGreaterThan(Date.now() + 50 * 60_000);
    await page.getByText('Previous secret valid until').waitFor();
  });

  it('disables and enables a token', async () => {
    await page.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('button', { name: 'Enable' }).waitFor();
    expect((await api.verify(ci.rotated)).code).toBe('disabled');
    expect(await page.locator('.title-row .badge').textContent()).toBe('disabled');
    await page.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('button', { name: 'Disable' }).waitFor();
    expect((await api.verify(ci.rotated)).valid).toBe(true);
  });

  it('revokes after asking: the secret is refused', async () => {
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await page.locator('.title-row .badge', { hasText: 'revoked' }).waitFor();
    expect((await api.verify(ci.rotated)).code).toBe('revoked');
    expect((await api.tokens.get(ci.id)).status).toBe('revoked');
  });

  it('shows the audit trail of a token and the audit log filtered by target', async () => {
    const trail = page.getByRole('region', { name: 'Audit trail' });
    await trail.getByText('token.revoke').waitFor();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('textbox', { name: 'Target id' }).fill(ci.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // The unfiltered log is on the page until the filtered answer replaces it: wait for that answer
    // (only the header row lacks the id), then read it.
    await expect.poll(() => page.getByRole('row').filter({ hasNotText: ci.id }).count()).toBe(1);
    const rows = page.getByRole('row').filter({ hasText: ci.id });
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    expect((await rows.allTextContents()).join(' ')).toContain('token.create');
  });

  it('bulk revokes every token the filters match', async () => {
    await page.goto(`${server.url}/ui/`);
    await page.getByRole('searchbox', { name: 'Search tokens' }).fill('page-');
    // How many match depends on what the earlier tests revoked: wait until the list shows only them.
    const names = page.getByRole('row').getByRole('link');
    await expect
      .poll(async () => {
        const shown = await names.allTextContents();
        return shown.length > 0 && shown.every((name) => name.startsWith('page-'));
      })
      .toBe(true);
    await page.getByRole('button', { name: 'Revoke all matching' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke tokens' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Revoked \d+ tokens?\.$/ })
      .waitFor();
    const left = [];
    for await (const token of api.tokens.list({ name_prefix: 'page-' }))
      if (token.status !== 'revoked') left.push(token.name);
    expect(left).toEqual([]);
    expect((await api.tokens.self()).status).toBe('active');
  });

  it('adds a member and demotes them; their token follows', async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('textbox', { name: 'Email' }).fill('ada@example.com');
    await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('writer');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('textbox', { name: 'Secret' }).waitFor();
    const secret = await takeSecret();
    await page.getByRole('cell', { name: 'ada@example.com', exact: true }).waitFor();
    expect((await api.verify(secret)).permissions?.effective_role).toBe('writer');
    await page.getByRole('combobox', { name: 'Role of ada@example.com' }).selectOption('reader');
    await page.getByRole('button', { name: 'Save role of ada@example.com' }).click();
    await page
      .getByRole('button', { name: 'Save role of ada@example.com' })
      .and(page.locator(':disabled'))
      .waitFor();
    const members = await api.members.list();
    expect(members.data.find((m) => m.email === 'ada@example.com')?.role).toBe('reader');
    expect((await api.verify(secret)).permissions?.effective_role).toBe('reader');
  });

  it('creates a role whose policy the editor checks, and shows its grants', async () => {
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('textbox', { name: 'Key' }).fill('order-reader');
    await page.getByRole('textbox', { name: 'Name' }).fill('Order reader');
    const policy = page.getByRole('textbox', { name: 'Policy (JSON)' });
    await policy.fill('[{"effect": "allow"');
    expect(await page.getByText(/not valid JSON/).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Create role' }).isDisabled()).toBe(true);
    await policy.fill('[{"effect": "allow", "actions": ["orders:read"]}]');
    expect(
      await page.getByText('statement 0 needs exactly one of resources and not_resources').isVisible(),
    ).toBe(true);
    await policy.fill('[{"effect": "allow", "actions": ["orders:read"], "resources": ["orders/*"]}]');
    await page.getByText('Valid: 1 statement').waitFor();
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('button', { name: 'Edit role order-reader' }).waitFor();
    expect((await api.roles.get('order-reader')).policy).toEqual([
      { effect: 'allow', actions: ['orders:read'], resources: ['orders/*'] },
    ]);
    const card = page.getByRole('listitem').filter({ hasText: 'Order reader' });
    expect(await card.getByRole('cell', { name: 'orders/*' }).isVisible()).toBe(true);
  });

  it('adds a webhook and shows one of its deliveries', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('textbox', { name: 'URL' }).fill(`${receiver.url}/hooks`);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('textbox', { name: 'Secret' }).waitFor();
    await takeSecret('whsec_');
    await page.getByRole('link', { name: `${receiver.url}/hooks` }).click();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('cell', { name: /webhook\.ping/ }).waitFor();
    await receiver.waitFor((received) => received.length >= 1);
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return page.locator('.badge-delivered').count();
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBeGreaterThan(0);
    expect(receiver.ofType('webhook.ping')).toHaveLength(1);
  });

  it('draws the usage chart after verifications, and ranks the token in the overview', async () => {
    const token = await api.tokens.create({ name: 'busy', scopes: ['orders:read'], ttl: 3600 });
    for (let i = 0; i < 3; i++) await api.verify(token.secret, { action: 'orders:read' });
    await api.verify(token.secret, { action: 'orders:write' });
    await expect
      .poll(async () => (await api.tokens.usage(token.id)).series.reduce((sum, p) => sum + p.total, 0), {
        timeout: 10_000,
      })
      .toBe(4);
    await page.goto(`${server.url}/ui/tokens/${token.id}`);
    const day = page.getByRole('img', { name: /^Last 24 hours: 4 verifications: 3 valid, 1 forbidden/ });
    await day.waitFor();
    expect(await day.locator('rect').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('img', { name: /^Last 30 days: 4 verifications/ }).isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('region', { name: 'Busiest tokens' }).getByRole('link', { name: 'busy' }).waitFor();
    expect(
      await page
        .getByRole('region', { name: 'Refusals by code' })
        .getByRole('cell', { name: 'forbidden' })
        .isVisible(),
    ).toBe(true);
  });

  it('lists tenants for the operator', async () => {
    await page.getByRole('link', { name: 'Tenants' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Acme');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('textbox', { name: 'Secret' }).waitFor();
    await takeSecret();
    await page.getByRole('button', { name: 'Suspend Acme' }).click();
    await page.getByRole('button', { name: 'Resume Acme' }).waitFor();
    expect((await api.tenants.list()).data.find((t) => t.name === 'Acme')?.suspended).toBe(true);
  });

  it('sends the person back to sign-in when the server answers 401', async () => {
    const other = await api.tokens.create({ name: 'short-session', role: 'admin', ttl: 3600 });
    const second = await newWatchedPage(browser);
    try {
      await signIn(second.page, server.url, other.secret);
      await api.tokens.revoke(other.id);
      await second.page.getByRole('link', { name: 'Members' }).click();
      await second.page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await second.page.getByRole('status').textContent()).toMatch(/^Signed out: /);
      expect(await second.page.evaluate(() => sessionStorage.length)).toBe(0);
    } finally {
      await second.context.close();
    }
  });

  it('signs out: the session token is gone from the tab, and never was in a cookie, localStorage or a URL', async () => {
    const stored = await page.evaluate(() => ({
      session: Object.values(sessionStorage),
      local: localStorage.length,
    }));
    expect(stored).toEqual({ session: [server.ownerToken], local: 0 });
    expect(await watched.context.cookies()).toEqual([]);
    expect(watched.requests.filter((url) => url.includes(server.ownerToken))).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('textbox', { name: 'Token' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(watched.errors.filter((text) => !/status of 4\d\d/.test(text))).toEqual([]);
  });
});
