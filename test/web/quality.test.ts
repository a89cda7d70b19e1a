// The dashboard's safety and quality in a real Chromium: API text rendered as text only, SPEC's
// headers, no request to another host, axe-core on every view (light and dark), no sideways scroll at
// 375 px, and the first load's size. With TESSERA_WEB_SHOTS=<dir>, every view is photographed there.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Tessera } from '@tessera/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../src/http/dashboard.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import {
  chromiumAvailable,
  expectAccessible,
  launchBrowser,
  newWatchedPage,
  scrollsSideways,
  signIn,
} from './browser.js';

const WEB = join(import.meta.dirname, '..', '..', 'web');
const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_DESCRIPTION = '<script>window.__pwned=2</script>';
const HOSTILE_METADATA = '<b onmouseover="window.__pwned=3">bold</b>';
const SHOTS = process.env.TESSERA_WEB_SHOTS;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the dashboard source', () => {
  it('never renders markup from a string: no dangerouslySetInnerHTML, innerHTML or insertAdjacentHTML', () => {
    const offenders = sourceFiles(join(WEB, 'src')).filter((file) =>
      /dangerouslySetInnerHTML|\.innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the session token in sessionStorage only', () => {
    const text = sourceFiles(join(WEB, 'src'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    expect(text).not.toMatch(/\blocalStorage\s*\.|document\.cookie|indexedDB\s*\./);
  });
});

describe.skipIf(!chromiumAvailable())('the dashboard in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let api: Tessera;
  let hostile = '';
  let webhook = '';

  beforeAll(async () => {
    [server, browser, receiver] = await Promise.all([
      startTestServer({ env: { TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true' } }),
      launchBrowser(),
      new WebhookReceiver().start(),
    ]);
    api = new Tessera({ baseUrl: server.url, token: server.ownerToken });
    const token = await api.tokens.create({
      name: HOSTILE_NAME,
      description: HOSTILE_DESCRIPTION,
      metadata: { note: HOSTILE_METADATA },
      scopes: ['orders:read'],
      ttl: 86_400,
    });
    hostile = token.id;
    for (let i = 0; i < 3; i++) await api.verify(token.secret, { action: 'orders:read' });
    await api.verify(token.secret, { action: 'orders:write' });
    await api.tokens.create({ name: 'deploy', role: 'writer', ttl: 3600 });
    await api.members.create({ email: 'ada@example.com', role: 'writer' });
    await api.spaces.create({ key: 'shop', name: 'Shop', description: '<i>the web shop</i>' });
    await api.roles.create({
      key: 'order-reader',
      name: 'Order reader',
      policy: [{ effect: 'allow', actions: ['orders:read'], resources: ['orders/*'] }],
    });
    const created = await api.webhooks.create({ url: `${receiver.url}/hooks`, events: ['*'] });
    webhook = created.webhook.id;
    await api.webhooks.test(webhook);
    await api.tenants.create({ name: 'Acme' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.close();
  });

  it('answers /ui/ with the CSP and headers of SPEC, and / sends the browser there', async () => {
    const { page, context } = await newWatchedPage(browser);
    const answer = await page.goto(`${server.url}/`);
    expect(page.url()).toBe(`${server.url}/ui/`);
    const headers = answer!.headers();
    expect(headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await context.close();
  });

  it('renders HTML and script payloads in names, descriptions and metadata as text', async () => {
    const { page, context, requests, errors } = await newWatchedPage(browser);
    await signIn(page, server.url, server.ownerToken);
    await page.getByRole('link', { name: HOSTILE_NAME, exact: true }).waitFor();
    await page.getByRole('link', { name: HOSTILE_NAME, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: HOSTILE_NAME }).waitFor();
    expect(await page.getByText(HOSTILE_DESCRIPTION, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(HOSTILE_METADATA, { exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main img, main script, main b, main i').count()).toBe(0);
    await page.goto(`${server.url}/ui/spaces`);
    await page.getByText('<i>the web shop</i>', { exact: true }).waitFor();
    expect(await page.locator('main i').count()).toBe(0);
    // Nothing but this server was asked for anything.
    const origin = new URL(server.url).origin;
    expect(requests.filter((url) => new URL(url).origin !== origin && !url.startsWith('data:'))).toEqual([]);
    expect(errors.filter((text) => /Content Security Policy|Refused to/.test(text))).toEqual([]);
    await context.close();
  });

  it('keeps the first load small: JS and CSS gzipped at most 150 KB', async () => {
    const { page, context } = await newWatchedPage(browser);
    const assets: string[] = [];
    page.on('response', (response) => {
      if (/\/ui\/assets\/.*\.(js|css)$/.test(response.url())) assets.push(new URL(response.url()).pathname);
    });
    await page.goto(`${server.url}/ui/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(assets.length).toBeGreaterThanOrEqual(2);
    const sizes = assets.map((path) => {
      const bytes = readFileSync(join(WEB, 'dist', path.replace(/^\/ui\//, '')));
      return { path, raw: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
    });
    const total = sizes.reduce((sum, size) => sum + size.gzipped, 0);
    console.log(
      `dashboard first load: ${sizes.map((s) => `${s.path} ${(s.raw / 1024).toFixed(1)} KB (${(s.gzipped / 1024).toFixed(1)} KB gzipped)`).join(', ')}; total ${(total / 1024).toFixed(1)} KB gzipped`,
    );
    expect(total).toBeLessThanOrEqual(150 * 1024);
    await context.close();
  });

  /** Each view: where it is, and what says it has loaded. */
  const views = (): { name: string; path: string; ready: (page: Page) => Promise<unknown> }[] => [
    { name: 'tokens', path: '/', ready: (p) => p.getByRole('link', { name: 'deploy' }).waitFor() },
    {
      name: 'create-token',
      path: '/tokens/new',
      ready: (p) => p.getByRole('button', { name: 'Create', exact: true }).waitFor(),
    },
    {
      name: 'token-detail',
      path: `/tokens/${hostile}`,
      ready: (p) => p.getByRole('img', { name: /^Last 30 days/ }).waitFor(),
    },
    {
      name: 'overview',
      path: '/overview',
      ready: (p) => p.getByRole('region', { name: 'Busiest tokens' }).getByRole('link').first().waitFor(),
    },
    {
      name: 'members',
      path: '/members',
      ready: (p) => p.getByText('ada@example.com', { exact: true }).waitFor(),
    },
    {
      name: 'spaces',
      path: '/spaces',
      ready: (p) => p.getByRole('cell', { name: 'shop', exact: true }).waitFor(),
    },
    {
      name: 'roles',
      path: '/roles',
      ready: (p) => p.getByRole('button', { name: 'Edit role order-reader' }).waitFor(),
    },
    {
      name: 'audit',
      path: '/audit',
      ready: (p) => p.getByRole('cell', { name: 'token.create' }).first().waitFor(),
    },
    {
      name: 'webhooks',
      path: '/webhooks',
      ready: (p) => p.getByRole('link', { name: `${receiver.url}/hooks` }).waitFor(),
    },
    {
      name: 'webhook-deliveries',
      path: `/webhooks/${webhook}`,
      ready: (p) => p.getByRole('cell', { name: /webhook\.ping/ }).waitFor(),
    },
    {
      name: 'tenants',
      path: '/tenants',
      ready: (p) => p.getByRole('button', { name: 'Suspend Acme' }).waitFor(),
    },
  ];

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1440, 375]) {
      it(`every view, ${scheme} at ${width} px: no serious axe violation${width === 375 ? ', no sideways scroll' : ''}`, async () => {
        const { page, context, requests } = await newWatchedPage(browser, {
          width,
          height: 900,
          colorScheme: scheme,
        });
        const shot = async (name: string) => {
          if (SHOTS === undefined) return;
          await mkdir(SHOTS, { recursive: true });
          await page.screenshot({ path: join(SHOTS, `${name}-${scheme}-${width}.png`), fullPage: true });
        };
        try {
          await page.goto(`${server.url}/ui/`);
          await page.getByRole('button', { name: 'Sign in' }).waitFor();
          await shot('sign-in');
          await expectAccessible(page, 'sign-in');
          expect(await scrollsSideways(page), 'sign-in').toBe(false);
          await signIn(page, server.url, server.ownerToken);
          for (const view of views()) {
            await page.goto(`${server.url}/ui${view.path}`);
            await view.ready(page);
            await page.waitForLoadState('networkidle');
            await shot(view.name);
            await expectAccessible(page, `${view.name} (${scheme}, ${width} px)`);
            expect(await scrollsSideways(page), `${view.name} scrolls sideways at ${width} px`).toBe(false);
          }
          // The dialogs: rotate (with its grace picker), then the secret one.
          await page.goto(`${server.url}/ui/tokens/${hostile}`);
          await page.getByRole('button', { name: 'Rotate', exact: true }).click();
          await page.getByRole('combobox', { name: 'Grace period' }).waitFor();
          await shot('rotate-dialog');
          await expectAccessible(page, 'rotate dialog');
          await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
          await page.goto(`${server.url}/ui/tokens/new`);
          await page.getByRole('textbox', { name: 'Name' }).fill(`shot-${scheme}-${width}`);
          await page.getByRole('button', { name: 'Create', exact: true }).click();
          const secret = await page.getByRole('textbox', { name: 'Secret' }).inputValue();
          await shot('secret-dialog');
          await expectAccessible(page, 'secret dialog');
          expect(await scrollsSideways(page), 'secret dialog').toBe(false);
          await page.getByRole('button', { name: 'Done' }).click();
          await page.getByRole('heading', { level: 1, name: `shot-${scheme}-${width}` }).waitFor();
          expect(await page.content()).not.toContain(secret);
          await api.tokens.revoke((await api.tokens.lookup(secret)).id);
          const origin = new URL(server.url).origin;
          expect(
            requests.filter((url) => new URL(url).origin !== origin && !url.startsWith('data:')),
          ).toEqual([]);
        } finally {
          await context.close();
        }
      }, 90_000);
    }
  }
});
