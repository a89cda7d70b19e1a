// `tessera member …` and `tessera tenant …`: the people of a tenant, and (operators) the tenants.
import type { Member, Tenant } from '@tessera/client';
import type { Command } from 'commander';
import { remoteOf } from '../context.js';
import type { Column } from '../output.js';
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
    .summary("change a member's role (their tokens follow at once)")
    .argument('<id>', 'member id')
    .requiredOption('--role <role>', ROLES)
    .addHelpText('after', '\nExample:\n  tessera member update mem_… --role reader')
    .action(async (id: string, options: { role: string }, command: Command) => {
      const { client, out } = remoteOf(command);
      out.object(
        await client.members.update(id, { role: options.role as Member['role'] }),
        MEMBER_COLUMNS,
        (m) => m.id,
      );
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
    .summary('create, list, suspend tenants (operators)')
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
