// `tessera member …` and `tessera tenant …`: the people of a tenant, and (operators) the tenants.
import type { Member, Tenant } from '@tessera/client';
import type { Command } from 'commander';
import { confirm } from '../confirm.js';
import { remoteOf } from '../context.js';
import { CliError, EXIT, UsageError } from '../exit-codes.js';
import type { Column } from '../output.js';
import { parseDuration } from '../parse.js';
import { TOKEN_COLUMNS } from '../token-fields.js';
import { walkAll } from '../walk.js';

const MEMBER_COLUMNS: readonly Column<Member>[] = [
  { header: 'ID', value: (m) => m.id },
  { header: 'EMAIL', value: (m) => m.email },
  { header: 'NAME', value: (m) => m.name },
  { header: 'ROLE', value: (m) => m.role },
  { header: 'CREATED', value: (m) => m.created_at },
];

const TENANT_COLUMNS: readonly Column<Tenant>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'NAME', value: (t) => t.name },
  { header: 'OPERATOR', value: (t) => (t.is_operator ? 'yes' : 'no') },
  { header: 'SUSPENDED', value: (t) => (t.suspended ? (t.suspended_at ?? 'yes') : 'no') },
  { header: 'CREATED', value: (t) => t.created_at },
];

const ROLES = 'reader, writer, admin or owner';

export function registerMemberCommands(program: Command): void {
  const member = program
    .command('member')
    .summary('add, list, change and remove members')
    .helpGroup('People:');
  member
    .command('add')
    .summary("add a member; their first token's secret alone goes to stdout")
    .requiredOption('--email <email>', "the member's e-mail")
    .requiredOption('--role <role>', ROLES)
    .option('--name <name>', 'display name')
    .addHelpText('after', '\nExample:\n  TOKEN=$(tessera member add --email ada@example.com --role writer)')
    .action(async (options: { email: string; role: string; name?: string }, command: Command) => {
      const { client, out } = remoteOf(command);
      const added = await client.members.create({
        email: options.email,
        role: options.role as Member['role'],
        ...(options.name === undefined ? {} : { name: options.name }),
      });
      if (out.mode === 'json') return out.json(added);
      out.secret(added.token.secret);
      out.note(
        `Added ${added.member.id} <${added.member.email}> as ${added.member.role}; their first token (${added.token.id}) is above, shown this once.`,
      );
    });
  member
    .command('list')
    .summary('list the members (every page)')
    .addHelpText('after', '\nExample:\n  tessera member list --json')
    .action(async (_options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      out.list(
        await walkAll(client.members.list({ per_page: 100 }), out, 'members'),
        MEMBER_COLUMNS,
        (m) => m.id,
      );
    });
  member
    .command('show')
    .summary('show one member')
    .argument('<id>', 'member id (mem_…)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      out.object(await client.members.get(id), MEMBER_COLUMNS, (m) => m.id);
    });
  member
    .command('update')
    .summary("change a member's role (their tokens follow at once), name or e-mail")
    .argument('<id>', 'member id')
    .option('--role <role>', ROLES)
    .option('--name <name>', 'display name')
    .option('--email <email>', 'e-mail address (unique in the tenant)')
    .addHelpText(
      'after',
      '\nExamples:\n  tessera member update mem_… --role reader\n  tessera member update mem_… --email ada@new.example',
    )
    .action(
      async (id: string, options: { role?: string; name?: string; email?: string }, command: Command) => {
        const { client, out } = remoteOf(command);
        const change = {
          ...(options.role === undefined ? {} : { role: options.role as Member['role'] }),
          ...(options.name === undefined ? {} : { name: options.name }),
          ...(options.email === undefined ? {} : { email: options.email }),
        };
        if (Object.keys(change).length === 0) throw new UsageError('give --role, --name or --email');
        out.object(await client.members.update(id, change), MEMBER_COLUMNS, (m) => m.id);
      },
    );
  member
    .command('token')
    .summary('issue a new token to a member who lost theirs; its secret alone goes to stdout')
    .argument('<id>', 'member id')
    .option('--name <name>', 'token name (default <role>-token)')
    .option('--ttl <duration>', 'lifetime, e.g. 90d (default: permanent, or the tenant policy’s default)')
    .addHelpText('after', '\nExample:\n  TOKEN=$(tessera member token mem_… --ttl 30d)')
    .action(async (id: string, options: { name?: string; ttl?: string }, command: Command) => {
      const { client, out } = remoteOf(command);
      const issued = await client.members.issueToken(id, {
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.ttl === undefined ? {} : { ttl: parseDuration('--ttl', options.ttl) }),
      });
      if (out.mode === 'json') return out.json(issued);
      out.secret(issued.secret);
      out.note(`Issued ${issued.id} "${issued.name}" to ${id}; the secret above is shown this once.`);
    });
  member
    .command('remove')
    .summary('remove a member: their personal tokens stop at once')
    .argument('<id>', 'member id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      await client.members.remove(id);
      if (out.mode === 'json') return out.json({ removed: id });
      out.note(`Removed ${id}.`);
    });
}

export function registerTenantCommands(program: Command): void {
  const tenant = program
    .command('tenant')
    .summary('create, list, show, suspend, bound and delete tenants (operators)')
    .helpGroup('People:');
  tenant
    .command('create')
    .summary("create a tenant; its first owner token's secret alone goes to stdout")
    .requiredOption('--name <name>', 'tenant name')
    .option('--owner-email <email>', "the first owner's e-mail")
    .addHelpText(
      'after',
      '\nExample:\n  OWNER=$(tessera tenant create --name Acme --owner-email ops@acme.example)',
    )
    .action(async (options: { name: string; ownerEmail?: string }, command: Command) => {
      const { client, out } = remoteOf(command);
      const created = await client.tenants.create({
        name: options.name,
        ...(options.ownerEmail === undefined ? {} : { owner_email: options.ownerEmail }),
      });
      if (out.mode === 'json') return out.json(created);
      out.secret(created.owner_token.secret);
      out.note(
        `Created tenant ${created.tenant.id} "${created.tenant.name}"; its owner token is above, shown this once.`,
      );
    });
  tenant
    .command('list')
    .summary('list tenants (every page)')
    .action(async (_options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      out.list(
        await walkAll(client.tenants.list({ per_page: 100 }), out, 'tenants'),
        TENANT_COLUMNS,
        (t) => t.id,
      );
    });
  for (const [name, suspended, summary] of [
    ['suspend', true, 'suspend a tenant: its tokens stop at once'],
    ['resume', false, 'resume a suspended tenant'],
  ] as const) {
    tenant
      .command(name)
      .summary(summary)
      .argument('<id>', 'tenant id (ten_…)')
      .action(async (id: string, _options: unknown, command: Command) => {
        const { client, out } = remoteOf(command);
        out.object(await client.tenants.update(id, { suspended }), TENANT_COLUMNS, (t) => t.id);
      });
  }
  tenant
    .command('show')
    .summary('show a tenant, its token policy and its live tokens per server-key version')
    .argument('<id>', 'tenant id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      const detail = await client.tenants.get(id);
      if (out.mode === 'json') return out.json(detail);
      out.object(detail.tenant, TENANT_COLUMNS, (t) => t.id);
      const policy = detail.tenant.token_policy;
      out.note(policy === null ? 'token policy: none' : `token policy: ${JSON.stringify(policy)}`);
      for (const { version, live_tokens } of detail.key_versions)
        out.note(`key version ${version}: ${live_tokens} live token${live_tokens === 1 ? '' : 's'}`);
    });
  tenant
    .command('policy')
    .summary('set (or --clear) the token policy of a tenant')
    .argument('<id>', 'tenant id')
    .option('--max-lifetime <duration>', 'the longest a token may live, e.g. 90d')
    .option('--default-ttl <duration>', 'what a create that names no expiry gets, e.g. 30d')
    .option('--require-expiry', 'every create must name its expiry')
    .option('--allow-permanent', 'let permanent tokens through a maximum lifetime')
    .option('--clear', 'remove the policy')
    .addHelpText('after', '\nExample:\n  tessera tenant policy ten_… --max-lifetime 90d --default-ttl 30d')
    .action(
      async (
        id: string,
        options: {
          maxLifetime?: string;
          defaultTtl?: string;
          requireExpiry?: boolean;
          allowPermanent?: boolean;
          clear?: boolean;
        },
        command: Command,
      ) => {
        const { client, out } = remoteOf(command);
        const given = [
          options.maxLifetime,
          options.defaultTtl,
          options.requireExpiry,
          options.allowPermanent,
        ];
        if (options.clear && given.some((value) => value !== undefined))
          throw new UsageError('--clear removes the policy; give it alone');
        const token_policy = options.clear
          ? null
          : {
              ...(options.maxLifetime === undefined
                ? {}
                : { max_lifetime_seconds: parseDuration('--max-lifetime', options.maxLifetime) }),
              ...(options.defaultTtl === undefined
                ? {}
                : { default_ttl_seconds: parseDuration('--default-ttl', options.defaultTtl) }),
              ...(options.requireExpiry ? { require_expiry: true } : {}),
              ...(options.allowPermanent ? { allow_permanent: true } : {}),
            };
        const updated = await client.tenants.update(id, { token_policy });
        if (out.mode === 'json') return out.json(updated);
        out.note(
          updated.token_policy === null
            ? `${id}: no token policy`
            : `${id}: token policy ${JSON.stringify(updated.token_policy)}`,
        );
      },
    );
  tenant
    .command('delete')
    .summary('delete a tenant: every token in it is revoked, its audit trail kept')
    .argument('<id>', 'tenant id')
    .option('--yes', 'do not ask')
    .action(async (id: string, options: { yes?: boolean }, command: Command) => {
      const { client, out } = remoteOf(command);
      if (!(await confirm(`Delete tenant ${id} and revoke every token in it?`, options.yes)))
        throw new CliError('nothing deleted', EXIT.other);
      const { revoked } = await client.tenants.delete(id);
      if (out.mode === 'json') return out.json({ deleted: id, revoked });
      out.note(`Deleted ${id}; ${revoked} token${revoked === 1 ? '' : 's'} revoked.`);
    });
  tenant
    .command('tokens')
    .summary("list every token of a tenant (that tenant's admins and owners)")
    .argument('<id>', 'tenant id')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      out.list(
        await walkAll(client.tenants.listTokens(id, { per_page: 100 }), out, 'tokens'),
        TOKEN_COLUMNS,
        (t) => t.id,
      );
    });
}
