// The remote `tessera` commands as real processes against a real server: profiles and their file,
// every resource command in both output modes, the secret-on-stdout rule, exit codes by failure
// class, bad input refused before anything is sent, and no secret on stderr.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Tessera } from '../../packages/client/src/index.js';
import { type CliRun, runCli } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Each test runs several CLI processes (each a Node start with tsx): on a loaded 2-core machine a
// test can take far longer than vitest's 30 s default, without anything being wrong.
vi.setConfig({ testTimeout: 180_000 });

const SECRET_LINE = /^tsr_[as][0-9]_[0-9A-Za-z]{49}\n$/;
const SECRET_ANYWHERE = /tsr_[as][0-9]_[0-9A-Za-z]{49}/;
const ERROR_LINE = /^error: .+ \([a-z_]+(, request req_[0-9a-f]+)?\)$/m;
/** Nothing listens on port 1: a command that reaches the network exits 7, one refused first exits 2. */
const UNREACHABLE = 'http://127.0.0.1:1';

let server: TestServer;
let api: Tessera;
let home: string;
const runs: CliRun[] = [];

/** The CLI with a home of its own (config under XDG_CONFIG_HOME), no TESSERA_* from the outside. */
async function tessera(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliRun> {
  const run = await runCli(
    args,
    {
      XDG_CONFIG_HOME: join(home, 'config'),
      HOME: home,
      TESSERA_URL: '',
      TESSERA_TOKEN: '',
      NO_COLOR: '',
      ...env,
    },
    60_000,
    input,
  );
  runs.push(run);
  return run;
}

/** As the owner, through the environment (not the saved profile). */
const asOwner = (args: string[], input?: string) =>
  tessera(args, { TESSERA_URL: server.url, TESSERA_TOKEN: server.ownerToken }, input);

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'tessera-cli-home-'));
  server = await startTestServer();
  api = new Tessera({ baseUrl: server.url, token: server.ownerToken });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

describe('help, version and typos', () => {
  it('--help groups the commands; each subcommand has its own help; a typo is exit 2 with a suggestion', async () => {
    const [help, tokenHelp, createHelp, typo, version, versionCommand, unknownFlag] = await Promise.all([
      tessera(['--help']),
      tessera(['token', '--help']),
      tessera(['token', 'create', '--help']),
      tessera(['tokn']),
      tessera(['--version']),
      tessera(['version']),
      tessera(['token', 'list', '--colour']),
    ]);
    expect(help.code).toBe(0);
    for (const group of [
      'Tokens:',
      'People:',
      'Access:',
      'Operations:',
      'Local (open the database directly):',
    ])
      expect(help.stdout).toContain(group);
    expect(tokenHelp.stdout).toMatch(/Usage: tessera token/);
    for (const sub of ['create', 'list', 'show', 'update', 'rotate', 'revoke', 'verify'])
      expect(tokenHelp.stdout).toMatch(new RegExp(`\\n  ${sub} `));
    expect(createHelp.stdout).toContain('--max-uses <n>');
    expect(createHelp.stdout).toContain('Example:');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean token?');
    expect(typo.stdout).toBe('');
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(versionCommand).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("unknown option '--colour'");
  });

  it('completion scripts for bash, zsh and fish name the commands; another shell is a usage error', async () => {
    const [bash, zsh, fish, other] = (await Promise.all(
      ['bash', 'zsh', 'fish', 'tcsh'].map((shell) => tessera(['completion', shell])),
    )) as [CliRun, CliRun, CliRun, CliRun];
    expect(bash.stdout).toContain('complete -F _tessera tessera');
    expect(bash.stdout).toContain('"token") words="create list show update rotate revoke verify');
    expect(zsh.stdout).toContain('#compdef tessera');
    expect(fish.stdout).toContain("complete -c tessera -n '__fish_seen_subcommand_from token' -a rotate");
    expect(other.code).toBe(2);
  });
});

describe('login, profiles and precedence', () => {
  it('login reads the token from stdin, checks it, and saves the profile mode 0600; whoami says who', async () => {
    const login = await tessera(['login', '--url', server.url], {}, `${server.ownerToken}\n`);
    expect(login.code).toBe(0);
    const path = join(home, 'config', 'tessera', 'config.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(path, 'utf8'));
    expect(saved.profiles.default).toEqual({ url: server.url, token: server.ownerToken });

    const whoami = await tessera(['whoami', '--json']);
    expect(whoami.code).toBe(0);
    const self = await api.tokens.self();
    expect(JSON.parse(whoami.stdout)).toEqual({
      url: server.url,
      token: { id: self.id, name: self.name },
      member: { email: expect.any(String), role: 'owner' },
    });
    const table = await tessera(['whoami']);
    expect(table.stdout).toContain(self.id);
    expect(table.stdout).toMatch(/role\s+owner/);
  });

  it('--token on login works but warns; a wrong token saves nothing (exit 3)', async () => {
    const warned = await tessera([
      'login',
      '--url',
      server.url,
      '--profile',
      'argv',
      '--token',
      server.ownerToken,
    ]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('warning: --token is visible to other users');
    const wrong = await tessera(
      ['login', '--url', server.url, '--profile', 'bad'],
      {},
      `tsr_a0_${'1'.repeat(49)}\n`,
    );
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(ERROR_LINE);
    const saved = JSON.parse(readFileSync(join(home, 'config', 'tessera', 'config.json'), 'utf8'));
    expect(saved.profiles.bad).toBeUndefined();
  });

  it('TESSERA_URL/TESSERA_TOKEN beat the profile; --url and --profile beat the environment', async () => {
    // The saved default profile works on its own.
    expect((await tessera(['token', 'show', 'self', '--quiet'])).code).toBe(0);
    // The environment overrides it: an unreachable TESSERA_URL is exit 7 ...
    expect((await tessera(['token', 'show', 'self'], { TESSERA_URL: UNREACHABLE })).code).toBe(7);
    // ... and --url overrides the environment again.
    expect(
      (await tessera(['token', 'show', 'self', '--url', server.url], { TESSERA_URL: UNREACHABLE })).code,
    ).toBe(0);
    // --profile beats the environment's token.
    const bad = { TESSERA_TOKEN: `tsr_a0_${'2'.repeat(49)}` };
    expect((await tessera(['token', 'show', 'self'], bad)).code).toBe(3);
    expect((await tessera(['token', 'show', 'self', '--profile', 'argv'], bad)).code).toBe(0);
    expect((await tessera(['token', 'show', 'self', '--profile', 'nosuch'])).code).toBe(1);
  });

  it('a config file others can read is refused with a message; logout forgets the token', async () => {
    const path = join(home, 'config', 'tessera', 'config.json');
    chmodSync(path, 0o644);
    const refused = await tessera(['whoami']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('chmod 600');
    chmodSync(path, 0o600);
    const out = await tessera(['logout', '--profile', 'argv']);
    expect(out.code).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles.argv).toEqual({ url: server.url });
    expect((await tessera(['whoami', '--profile', 'argv'])).code).toBe(3);
  });
});

describe('tokens', () => {
  it('SECRET=$(tessera token create …) captures exactly the secret; the rest goes to stderr', async () => {
    const created = await asOwner([
      'token',
      'create',
      '--name',
      'cli-ci',
      '--scope',
      'deploy:write',
      '--ttl',
      '1h',
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(SECRET_LINE);
    expect(created.stderr).toContain('shown this once');
    expect(created.stderr).not.toMatch(SECRET_ANYWHERE);
    const answer = await api.verify(created.stdout.trim(), { action: 'deploy:write' });
    expect(answer).toMatchObject({ valid: true, token: { name: 'cli-ci' } });
    expect(Date.parse(answer.token!.expires_at!) - Date.now()).toBeGreaterThan(3500_000);
  });

  it("--json prints the API's whole answer (secret included) and it equals what the API reads back", async () => {
    const run = await asOwner([
      'token',
      'create',
      '--json',
      '--name',
      'cli-json',
      '--max-uses',
      '5',
      '--rate-limit',
      '100/1m',
      '--metadata',
      'team=web',
      '--metadata',
      'tier=2',
      '--allowed-cidr',
      '10.0.0.0/8',
      '--expires-at',
      '2030-01-01T00:00:00Z',
    ]);
    expect(run.code).toBe(0);
    const created = JSON.parse(run.stdout);
    expect(created.secret).toMatch(SECRET_ANYWHERE);
    const { secret: _secret, ...withoutSecret } = created;
    expect(await api.tokens.get(created.id)).toEqual(withoutSecret);
    expect(created).toMatchObject({
      max_uses: 5,
      rate_limit: { limit: 100, window_seconds: 60 },
      metadata: { team: 'web', tier: 2 },
      allowed_cidrs: ['10.0.0.0/8'],
      expires_at: '2030-01-01T00:00:00.000Z',
    });
  });

  it('list walks every page: 30 tokens, 7 per request; --json is one array, --quiet ids, plain is tab-separated', async () => {
    for (let n = 0; n < 30; n++)
      await api.tokens.create({ name: `walk-${String(n).padStart(2, '0')}`, ttl: 600 });
    const [json, quiet, plain] = await Promise.all([
      asOwner(['token', 'list', '--name-prefix', 'walk-', '--page-size', '7', '--json']),
      asOwner(['token', 'list', '--name-prefix', 'walk-', '--quiet']),
      asOwner(['token', 'list', '--name-prefix', 'walk-']),
    ]);
    const listed = JSON.parse(json.stdout);
    expect(listed).toHaveLength(30);
    const viaApi: string[] = [];
    for await (const token of api.tokens.list({ name_prefix: 'walk-', per_page: 100 })) viaApi.push(token.id);
    expect(listed.map((token: { id: string }) => token.id)).toEqual(viaApi);
    expect(quiet.stdout.trim().split('\n')).toEqual(viaApi);
    const lines = plain.stdout.trim().split('\n');
    expect(lines).toHaveLength(30);
    expect(lines[0]!.split('\t')[0]).toBe(viaApi[0]);
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('list filters by --status, --scope, --metadata, the instants, and orders by --sort', async () => {
    const keep = await api.tokens.create({
      name: 'flt-b',
      ttl: 600,
      scopes: ['logs:read'],
      metadata: { team: 'web' },
    });
    const other = await api.tokens.create({ name: 'flt-a', ttl: 6000, metadata: { team: 'ops' } });
    await api.tokens.update(other.id, { is_active: false });
    const ids = async (args: string[]) =>
      (await asOwner(['token', 'list', '--name-prefix', 'flt-', '--quiet', ...args])).stdout
        .trim()
        .split('\n');
    expect(await ids(['--status', 'disabled'])).toEqual([other.id]);
    expect(await ids(['--scope', 'logs:read'])).toEqual([keep.id]);
    expect(await ids(['--metadata', 'team=web'])).toEqual([keep.id]);
    expect(await ids(['--expires-before', new Date(Date.now() + 3_600_000).toISOString()])).toEqual([
      keep.id,
    ]);
    expect(await ids(['--sort', 'name'])).toEqual([other.id, keep.id]);
    expect(await ids(['--sort', '-name'])).toEqual([keep.id, other.id]);
    const bad = await asOwner(['token', 'list', '--sort', 'size']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sort: one of created_at');
    const badPair = await asOwner(['token', 'list', '--metadata', 'team']);
    expect(badPair.code).toBe(2);
    expect(badPair.stderr).toContain('is not key=value');
  });

  it('show, update (fields, --disable, --clear) and a stale --if-match (exit 6)', async () => {
    const token = await api.tokens.create({ name: 'cli-edit', ttl: 600, max_uses: 3 });
    const shown = await asOwner(['token', 'show', token.id, '--json']);
    expect(JSON.parse(shown.stdout).id).toBe(token.id);
    const table = await asOwner(['token', 'show', token.id]);
    expect(table.stdout).toMatch(/name\s+cli-edit/);

    const updated = await asOwner([
      'token',
      'update',
      token.id,
      '--name',
      'cli-edited',
      '--scope',
      'a:read',
      '--scope',
      'b:read',
      '--disable',
      '--clear',
      'max-uses',
      '--json',
    ]);
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({
      name: 'cli-edited',
      scopes: ['a:read', 'b:read'],
      is_active: false,
      max_uses: null,
    });

    const { etag } = await api.tokens.get(token.id).withResponse();
    await api.tokens.update(token.id, { description: 'changed meanwhile' });
    const stale = await asOwner(['token', 'update', token.id, '--name', 'never', '--if-match', etag!]);
    expect(stale.code).toBe(6);
    expect(stale.stderr).toMatch(ERROR_LINE);
    expect(stale.stderr).toContain('precondition_failed');
  });

  it('rotate prints only the new secret; --grace keeps the old one working', async () => {
    const token = await api.tokens.create({ name: 'cli-rotate', ttl: 3600 });
    const rotated = await asOwner(['token', 'rotate', token.id, '--grace', '10m']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(SECRET_LINE);
    expect((await api.verify(token.secret)).code).toBe('valid');
    expect((await api.verify(rotated.stdout.trim())).code).toBe('valid');
    const again = await asOwner(['token', 'rotate', token.id]);
    expect((await api.verify(rotated.stdout.trim())).code).toBe('revoked');
    expect((await api.verify(again.stdout.trim())).code).toBe('valid');
  });

  it('revoke: one at once; several only with --yes off a terminal; filters revoke the matching set', async () => {
    const [one, two, three] = await Promise.all(
      ['cli-rv-1', 'cli-rv-2', 'cli-rv-3'].map((name) => api.tokens.create({ name, ttl: 600 })),
    );
    expect((await asOwner(['token', 'revoke', one!.id])).code).toBe(0);
    expect((await api.verify(one!.secret)).code).toBe('revoked');

    const unconfirmed = await asOwner(['token', 'revoke', two!.id, three!.id]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    expect((await api.verify(two!.secret)).code).toBe('valid');
    expect((await asOwner(['token', 'revoke', two!.id, three!.id, '--yes'])).code).toBe(0);
    expect((await api.verify(three!.secret)).code).toBe('revoked');

    const bulk = await Promise.all([1, 2].map((n) => api.tokens.create({ name: `cli-bulk-${n}`, ttl: 600 })));
    const refused = await asOwner(['token', 'revoke', '--name-prefix', 'cli-bulk-']);
    expect(refused.code).toBe(2);
    const revoked = await asOwner([
      'token',
      'revoke',
      '--name-prefix',
      'cli-bulk-',
      '--temporary',
      '--yes',
      '--json',
    ]);
    expect(JSON.parse(revoked.stdout)).toEqual({ revoked: 2 });
    for (const token of bulk) expect((await api.verify(token.secret)).code).toBe('revoked');
    expect((await asOwner(['token', 'revoke'])).code).toBe(2);
  });

  it('verify exits 0 when valid and 1 when refused, printing the code; - reads the secret from stdin', async () => {
    const token = await api.tokens.create({ name: 'cli-verify', scopes: ['orders:read'], ttl: 600 });
    const valid = await asOwner(['token', 'verify', '-', '--action', 'orders:read'], `${token.secret}\n`);
    expect(valid.code).toBe(0);
    expect(valid.stdout.split('\t')[0]).toBe('valid');
    const forbidden = await asOwner(['token', 'verify', '-', '--action', 'orders:write'], token.secret);
    expect(forbidden).toMatchObject({ code: 1 });
    expect(forbidden.stdout).toMatch(/^forbidden/);
    const json = await asOwner(['token', 'verify', '--json', 'tsr_a0_x']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, code: 'malformed' });
  });
});

describe('exit codes and bad input', () => {
  it('401 → 3, 403 → 4, 404 → 5, 409 → 6, unreachable → 7, each with the one error line', async () => {
    const reader = await api.members.create({ email: 'cli-reader@example.com', role: 'reader' });
    const asReader = { TESSERA_URL: server.url, TESSERA_TOKEN: reader.token.secret };
    const [unauthenticated, forbidden, missing, unreachable] = await Promise.all([
      tessera(['token', 'list'], { TESSERA_URL: server.url, TESSERA_TOKEN: `tsr_a0_${'3'.repeat(49)}` }),
      tessera(['member', 'add', '--email', 'x@example.com', '--role', 'reader'], asReader),
      asOwner(['token', 'show', 'tok_0000000000000000000000']),
      tessera(['token', 'list'], { TESSERA_URL: UNREACHABLE, TESSERA_TOKEN: server.ownerToken }),
    ]);
    expect(unauthenticated.code).toBe(3);
    expect(forbidden.code).toBe(4);
    expect(missing.code).toBe(5);
    expect(unreachable.code).toBe(7);
    for (const run of [unauthenticated, forbidden, missing, unreachable])
      expect(run.stderr).toMatch(ERROR_LINE);
    expect(missing.stderr).toMatch(/\(not_found, request req_[0-9a-f]+\)/);

    await api.spaces.create({ key: 'cli-dup', name: 'dup' });
    const conflict = await asOwner(['space', 'create', '--key', 'cli-dup', '--name', 'again']);
    expect(conflict.code).toBe(6);
    const notLoggedIn = await tessera(['token', 'list'], { XDG_CONFIG_HOME: join(home, 'nowhere') });
    expect(notLoggedIn.code).toBe(3);
    expect(notLoggedIn.stderr).toContain('tessera login');
  });

  it('bad durations, CIDRs, counts and policy files are exit 2 naming the option, and nothing is sent', {
    timeout: 180_000,
  }, async () => {
    const policyDir = mkdtempSync(join(home, 'policies-'));
    writeFileSync(join(policyDir, 'not-json.json'), '{ nope');
    writeFileSync(join(policyDir, 'not-policy.json'), JSON.stringify({ effect: 'allow' }));
    writeFileSync(
      join(policyDir, 'bad-effect.json'),
      JSON.stringify([{ effect: 'maybe', actions: ['a:b'] }]),
    );
    const unreachable = { TESSERA_URL: UNREACHABLE, TESSERA_TOKEN: server.ownerToken };
    const cases: [string[], string][] = [
      [['token', 'create', '--ttl', '10x'], '--ttl'],
      [['token', 'create', '--ttl=-1h'], '--ttl'],
      [['token', 'create', '--ttl', '0s'], '--ttl'],
      [['token', 'create', '--allowed-cidr', '10.0.0.0/33'], '--allowed-cidr'],
      [['token', 'create', '--allowed-cidr', 'localhost'], '--allowed-cidr'],
      [['token', 'create', '--max-uses', 'lots'], '--max-uses'],
      [['token', 'create', '--rate-limit', '100'], '--rate-limit'],
      [['token', 'create', '--metadata', 'novalue'], '--metadata'],
      [['token', 'create', '--expires-at', 'tomorrow'], '--expires-at'],
      [['token', 'create', '--policy-file', join(policyDir, 'not-json.json')], '--policy-file'],
      [['token', 'create', '--policy-file', join(policyDir, 'not-policy.json')], '--policy-file'],
      [['token', 'create', '--policy-file', join(policyDir, 'bad-effect.json')], '--policy-file'],
      [['token', 'create', '--policy-file', join(policyDir, 'missing.json')], '--policy-file'],
      [['token', 'rotate', 'tok_x', '--grace', 'soon'], '--grace'],
      [['token', 'create', '--frobnicate'], '--frobnicate'],
    ];
    const results = await Promise.all(cases.map(([args]) => tessera(args, unreachable)));
    results.forEach((result, index) => {
      const [args, option] = cases[index]!;
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(option);
    });
  });
});

describe('people, access, tenants and audit', () => {
  it('member add prints the first secret alone; list, show, update and remove', async () => {
    const added = await asOwner([
      'member',
      'add',
      '--email',
      'cli-ada@example.com',
      '--role',
      'writer',
      '--name',
      'Ada',
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(SECRET_LINE);
    const list = JSON.parse((await asOwner(['member', 'list', '--json'])).stdout);
    const ada = list.find((m: { email: string }) => m.email === 'cli-ada@example.com');
    expect(ada).toMatchObject({ role: 'writer', name: 'Ada' });
    expect((await asOwner(['member', 'show', ada.id])).stdout).toContain('cli-ada@example.com');
    expect(
      JSON.parse((await asOwner(['member', 'update', ada.id, '--role', 'reader', '--json'])).stdout).role,
    ).toBe('reader');
    expect((await asOwner(['member', 'remove', ada.id])).code).toBe(0);
    expect((await api.verify(added.stdout.trim())).code).toBe('disabled');
  });

  it('space and role: create, list, show, update, remove; a role from a policy file grants what it says', {
    timeout: 120_000,
  }, async () => {
    expect((await asOwner(['space', 'create', '--key', 'cli-shop', '--name', 'Shop'])).code).toBe(0);
    expect(
      (await asOwner(['space', 'update', 'cli-shop', '--description', 'the shop', '--json'])).stdout,
    ).toContain('the shop');
    expect((await asOwner(['space', 'list', '--quiet'])).stdout.split('\n')).toContain('cli-shop');
    expect((await asOwner(['space', 'remove', 'cli-shop'])).code).toBe(0);
    expect((await asOwner(['space', 'show', 'cli-shop'])).code).toBe(5);

    const policyPath = join(home, 'reader-policy.json');
    writeFileSync(
      policyPath,
      JSON.stringify([{ effect: 'allow', actions: ['orders:read'], resources: ['orders/*'] }]),
    );
    const role = await asOwner([
      'role',
      'create',
      '--key',
      'cli-orders',
      '--name',
      'Orders',
      '--policy-file',
      policyPath,
      '--json',
    ]);
    expect(JSON.parse(role.stdout).policy).toHaveLength(1);
    const user = await asOwner([
      'token',
      'create',
      '--name',
      'cli-role-user',
      '--custom-role',
      'cli-orders',
      '--ttl',
      '10m',
    ]);
    expect((await api.verify(user.stdout.trim(), { action: 'orders:read', resource: 'orders/1' })).code).toBe(
      'valid',
    );
    expect((await asOwner(['role', 'show', 'cli-orders'])).stdout).toContain('orders:read');
    expect((await asOwner(['role', 'update', 'cli-orders', '--name', 'Order readers'])).stdout).toContain(
      'Order readers',
    );
    expect((await asOwner(['role', 'remove', 'cli-orders'])).code).toBe(6);
    expect((await asOwner(['role', 'list', '--json'])).stdout).toContain('cli-orders');
  });

  it('tenant create prints the owner secret alone; list, suspend, resume, and its tokens', async () => {
    const created = await asOwner(['tenant', 'create', '--name', 'CLI Acme', '--json']);
    const { tenant, owner_token } = JSON.parse(created.stdout);
    const plain = await asOwner(['tenant', 'create', '--name', 'CLI Other']);
    expect(plain.stdout).toMatch(SECRET_LINE);
    expect((await asOwner(['tenant', 'list', '--quiet'])).stdout).toContain(tenant.id);
    expect((await asOwner(['tenant', 'suspend', tenant.id])).code).toBe(0);
    expect((await api.verify(owner_token.secret)).code).toBe('disabled');
    expect((await asOwner(['tenant', 'resume', tenant.id])).code).toBe(0);
    const tokens = await tessera(['tenant', 'tokens', tenant.id, '--quiet'], {
      TESSERA_URL: server.url,
      TESSERA_TOKEN: owner_token.secret,
    });
    expect(tokens.stdout.trim()).toBe(owner_token.id);
  });

  it('tenant policy, show and delete; member update --email and member token', async () => {
    const { tenant, owner_token } = JSON.parse(
      (await asOwner(['tenant', 'create', '--name', 'CLI Bounded', '--json'])).stdout,
    );
    const policy = await asOwner([
      'tenant',
      'policy',
      tenant.id,
      '--max-lifetime',
      '1d',
      '--default-ttl',
      '1h',
    ]);
    expect(policy.code).toBe(0);
    expect(policy.stderr).toContain('"max_lifetime_seconds":86400');
    const shown = await asOwner(['tenant', 'show', tenant.id]);
    expect(shown.stderr).toContain('"default_ttl_seconds":3600');
    expect(shown.stderr).toMatch(/key version \d: 1 live token/);
    const bad = await asOwner(['tenant', 'policy', tenant.id, '--clear', '--max-lifetime', '1d']);
    expect(bad.code).toBe(2);

    const { member } = await api.members.create({ email: 'cli-lost@example.com', role: 'reader' });
    const renamed = await asOwner([
      'member',
      'update',
      member.id,
      '--email',
      'cli-found@example.com',
      '--json',
    ]);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ email: 'cli-found@example.com', role: 'reader' });
    expect((await asOwner(['member', 'update', member.id])).code).toBe(2);
    const issued = await asOwner(['member', 'token', member.id, '--ttl', '1h']);
    expect(issued.stdout).toMatch(SECRET_LINE);
    expect((await api.verify(issued.stdout.trim())).valid).toBe(true);

    const refused = await asOwner(['tenant', 'delete', tenant.id]);
    expect(refused.code).not.toBe(0);
    expect((await api.verify(owner_token.secret)).valid).toBe(true);
    const deleted = await asOwner(['tenant', 'delete', tenant.id, '--yes']);
    expect(deleted.stderr).toContain('1 token revoked');
    expect((await api.verify(owner_token.secret)).valid).toBe(false);
  });

  it('audit lists events (--token filters them); --follow prints new ones as they happen', async () => {
    const token = await api.tokens.create({ name: 'cli-audited', ttl: 600 });
    await api.tokens.update(token.id, { description: 'audited' });
    const events = JSON.parse((await asOwner(['audit', '--token', token.id, '--json'])).stdout);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(
      events.every(
        (e: { target_id: string; actor_token_id: string }) =>
          e.target_id === token.id || e.actor_token_id === token.id,
      ),
    ).toBe(true);

    const following = runCli(
      ['audit', '--follow', '--interval', '1s', '--limit', '1', '--json'],
      { XDG_CONFIG_HOME: join(home, 'config'), TESSERA_URL: server.url, TESSERA_TOKEN: server.ownerToken },
      8_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const later = await api.tokens.create({ name: 'cli-followed', ttl: 600 });
    const run = await following;
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.some((event: { target_id: string }) => event.target_id === later.id)).toBe(true);
  });
});

describe('secrets', () => {
  it('no run printed a secret on stderr, and the config file holds only login tokens', () => {
    expect(runs.length).toBeGreaterThan(40);
    for (const run of runs) expect(run.stderr).not.toMatch(SECRET_ANYWHERE);
    const config = JSON.parse(readFileSync(join(home, 'config', 'tessera', 'config.json'), 'utf8'));
    const tokens = Object.values(config.profiles as Record<string, { token?: string }>)
      .map((profile) => profile.token)
      .filter(Boolean);
    expect(tokens).toEqual([server.ownerToken]);
  });
});
