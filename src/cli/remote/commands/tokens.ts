// `tessera token …`: the whole life of a token over the API, through @tessera/client.

import { readFileSync } from 'node:fs';
import type { ListTokensQuery, VerifyAnswer } from '@tessera/client';
import type { Command } from 'commander';
import { confirm } from '../confirm.js';
import { remoteOf } from '../context.js';
import { CliError, EXIT, UsageError } from '../exit-codes.js';
import { parseCount, parseDuration, parseTimestamp } from '../parse.js';
import {
  addTokenFieldOptions,
  collect,
  TOKEN_COLUMNS,
  TOKEN_FIELDS,
  type TokenFieldOptions,
  tokenFieldsOf,
} from '../token-fields.js';
import { walkAll } from '../walk.js';
import { registerTokenImportCommand } from './token-import.js';

interface FilterOptions {
  type?: 'api' | 'session';
  kind?: 'account' | 'space' | 'manager';
  permanent?: boolean;
  temporary?: boolean;
  active?: boolean;
  inactive?: boolean;
  expired?: boolean;
  revoked?: boolean;
  owner?: string;
  space?: string;
  namePrefix?: string;
  status?: string;
  scope?: string;
  metadata?: string[];
  expiresBefore?: string;
  createdAfter?: string;
  lastUsedBefore?: string;
  all?: boolean;
}

const STATUSES = ['active', 'disabled', 'expired', 'revoked', 'not_yet_valid'];
const SORTS = ['created_at', 'name', 'expires_at', 'last_used_at'].flatMap((field) => [field, `-${field}`]);

/** `--metadata key=value` → `metadata.key: value`. */
function metadataFilterOf(text: string): [string, string] {
  const equals = text.indexOf('=');
  if (equals <= 0) throw new UsageError(`--metadata: "${text}" is not key=value`);
  return [`metadata.${text.slice(0, equals)}`, text.slice(equals + 1)];
}

/** The list filters, shared by `token list` and the bulk form of `token revoke`. */
function addFilterOptions(command: Command): Command {
  return command
    .option('--type <type>', 'api or session')
    .option('--kind <kind>', 'account, space or manager')
    .option('--permanent', 'only permanent tokens')
    .option('--temporary', 'only expiring tokens')
    .option('--active', 'only usable tokens (not disabled, not expired)')
    .option('--inactive', 'only disabled or expired tokens')
    .option('--expired', 'only expired tokens')
    .option('--revoked', 'only revoked tokens (the default lists unrevoked ones)')
    .option('--owner <member-id>', "another member's tokens (admins and owners)")
    .option('--space <key>', 'only tokens confined to this space')
    .option('--name-prefix <prefix>', 'only names starting with this')
    .option('--status <status>', `only tokens in this state now: ${STATUSES.join(', ')}`)
    .option('--scope <scope>', 'only tokens whose scopes hold exactly this one')
    .option('--metadata <key=value>', 'only tokens whose metadata maps key to value (repeatable)', collect)
    .option('--expires-before <timestamp>', 'only tokens expiring before this RFC 3339 time')
    .option('--created-after <timestamp>', 'only tokens made after this RFC 3339 time')
    .option('--last-used-before <timestamp>', 'only tokens not used since this time (or never used)')
    .option('--all', "every member's tokens (show_all; admins and owners)");
}

function filtersOf(options: FilterOptions): ListTokensQuery {
  if (options.permanent && options.temporary) throw new UsageError('give one of --permanent, --temporary');
  if (options.active && options.inactive) throw new UsageError('give one of --active, --inactive');
  const query: Record<string, unknown> = {};
  if (options.type !== undefined) query.type = options.type;
  if (options.kind !== undefined) query.kind = options.kind;
  if (options.permanent || options.temporary) query.permanent = options.permanent === true;
  if (options.active || options.inactive) query.active = options.active === true;
  if (options.expired) query.expired = true;
  if (options.revoked) query.revoked = true;
  if (options.owner !== undefined) query.owner = options.owner;
  if (options.space !== undefined) query.space = options.space;
  if (options.namePrefix !== undefined) query.name_prefix = options.namePrefix;
  if (options.status !== undefined) {
    if (!STATUSES.includes(options.status)) throw new UsageError(`--status: one of ${STATUSES.join(', ')}`);
    if (options.revoked) throw new UsageError('give one of --status, --revoked');
    query.status = options.status;
  }
  if (options.scope !== undefined) query.scope = options.scope;
  for (const pair of options.metadata ?? []) {
    const [key, value] = metadataFilterOf(pair);
    query[key] = value;
  }
  if (options.expiresBefore !== undefined)
    query.expires_before = parseTimestamp('--expires-before', options.expiresBefore);
  if (options.createdAfter !== undefined)
    query.created_after = parseTimestamp('--created-after', options.createdAfter);
  if (options.lastUsedBefore !== undefined)
    query.last_used_before = parseTimestamp('--last-used-before', options.lastUsedBefore);
  if (options.all) query.show_all = true;
  return query as ListTokensQuery;
}

const hasFilter = (query: ListTokensQuery) => Object.keys(query).length > 0;

/** `token verify -` reads the secret from stdin, so it never appears in argv. */
function secretArgument(value: string): string {
  const secret = value === '-' ? readFileSync(0, 'utf8').trim() : value;
  if (secret === '') throw new UsageError('no secret given (pass it, or - to read it from stdin)');
  return secret;
}

export function registerRemoteTokenCommands(
  token: Command,
  local: { ownerToken: (tenant?: string) => Promise<void> },
) {
  addTokenFieldOptions(
    token
      .command('create')
      .summary('create a token; its secret alone goes to stdout')
      .description(
        'Create a token. The secret is printed alone on stdout (SECRET=$(tessera token create …) captures\n' +
          'just it) and the rest on stderr; with --json the whole answer goes to stdout. It is shown once.\n' +
          'Without --role, --scope, --policy-file or --custom-role it copies your own permissions.',
      ),
  )
    .option('--type <type>', 'api (default) or session (30 minutes unless --ttl)')
    .option('--kind <kind>', 'account (default), space or manager')
    .option('--space <key>', 'confine it to this space (with --kind space)')
    .option('--lifetime <lifetime>', 'temporary (24 h unless --ttl/--expires-at) or permanent')
    .option('--not-before <timestamp>', 'not valid before this RFC 3339 time')
    .option('--service', 'a service token, owned by the tenant rather than by you')
    .option('--idempotency-key <key>', 'make a retried create return the same token')
    .option('--owner', "local: a new owner token straight on this machine's database (as admin owner-token)")
    .option('--tenant <id>', 'local, with --owner: the tenant (default the operator tenant)')
    .addHelpText(
      'after',
      '\nExample:\n  SECRET=$(tessera token create --name ci-deploy --scope deploy:write --ttl 1h)',
    )
    .action(
      async (options: TokenFieldOptions & Record<string, string | boolean | undefined>, command: Command) => {
        if (options.owner) return local.ownerToken(options.tenant as string | undefined);
        if (options.tenant !== undefined)
          throw new UsageError('--tenant goes with --owner (a local command)');
        const { client, out } = remoteOf(command);
        const body: Record<string, unknown> = tokenFieldsOf(options);
        for (const key of ['type', 'kind', 'space', 'lifetime'] as const)
          if (options[key] !== undefined) body[key] = options[key];
        if (options.notBefore !== undefined)
          body.not_before = parseTimestamp('--not-before', options.notBefore as string);
        if (options.service) body.service = true;
        const created = await client.tokens.create(
          body as never,
          options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey as string },
        );
        if (out.mode === 'json') return out.json(created);
        out.secret(created.secret);
        const { secret: _shownOnce, ...rest } = created;
        out.note(
          `Created ${rest.id} "${rest.name}" (${rest.lifetime}${rest.expires_at ? `, expires ${rest.expires_at}` : ''}). ` +
            'The secret above is shown this once: store it now.',
        );
      },
    );

  addFilterOptions(
    token
      .command('list')
      .summary('list tokens (every page)')
      .description(
        "List your tokens, newest first unless --sort; every page is walked. --all lists every member's (admins).",
      ),
  )
    .option('--sort <order>', `${SORTS.join(', ')} (a leading - is descending)`)
    .option('--limit <n>', 'stop after this many tokens')
    .option('--page-size <n>', 'tokens per request, 1-100', '100')
    .addHelpText(
      'after',
      '\nExamples:\n  tessera token list --type api --active\n  tessera token list --json | jq length\n' +
        '  tessera token list --all --last-used-before 2026-09-01T00:00:00Z --sort last_used_at',
    )
    .action(
      async (
        options: FilterOptions & { sort?: string; limit?: string; pageSize: string },
        command: Command,
      ) => {
        const { client, out } = remoteOf(command);
        const query = filtersOf(options);
        if (options.sort !== undefined) {
          if (!SORTS.includes(options.sort)) throw new UsageError(`--sort: one of ${SORTS.join(', ')}`);
          query.sort = options.sort as ListTokensQuery['sort'];
        }
        const limit = options.limit === undefined ? undefined : parseCount('--limit', options.limit, 1);
        const perPage = parseCount('--page-size', options.pageSize, 1);
        if (perPage > 100) throw new UsageError('--page-size: at most 100');
        const tokens = await walkAll(client.tokens.list({ ...query, limit: perPage }), out, 'tokens', limit);
        out.list(tokens, TOKEN_COLUMNS, (t) => t.id);
      },
    );

  token
    .command('show')
    .summary('show one token')
    .description('Show one token by id, or `self` for the token the CLI is using.')
    .argument('<id>', 'token id (tok_…) or self')
    .addHelpText('after', '\nExample:\n  tessera token show tok_4CkqDfTWrNJ8RPTWsXjh2Y')
    .action(async (id: string, _options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      const shown = id === 'self' ? await client.tokens.self() : await client.tokens.get(id);
      out.object(shown, TOKEN_FIELDS, (t) => t.id);
    });

  addTokenFieldOptions(
    token
      .command('update')
      .summary('change a token (name, permissions, limits, expiry)')
      .description('Change the given fields (a JSON Merge Patch). Lists given replace the old ones.')
      .argument('<id>', 'token id'),
  )
    .option('--enable', 'make it usable again (is_active: true)')
    .option('--disable', 'stop it without revoking it (is_active: false)')
    .option(
      '--clear <field>',
      'set a field to null, e.g. expires_at, max_uses, rate_limit (repeatable)',
      collect,
    )
    .option('--if-match <etag>', 'only if the token is still at this version (else exit 6)')
    .addHelpText(
      'after',
      '\nExample:\n  tessera token update tok_… --name ci-web --scope deploy:write --scope logs:read',
    )
    .action(
      async (
        id: string,
        options: TokenFieldOptions & {
          enable?: boolean;
          disable?: boolean;
          clear?: string[];
          ifMatch?: string;
        },
        command: Command,
      ) => {
        if (options.enable && options.disable) throw new UsageError('give one of --enable, --disable');
        const changes = tokenFieldsOf(options);
        if (options.ttl !== undefined) {
          delete changes.ttl;
          changes.expires_at = new Date(
            Date.now() + parseDuration('--ttl', options.ttl) * 1000,
          ).toISOString();
        }
        if (options.enable || options.disable) changes.is_active = options.enable === true;
        for (const field of options.clear ?? []) changes[field.replace(/-/g, '_')] = null;
        if (Object.keys(changes).length === 0)
          throw new UsageError('nothing to change: give at least one field option');
        const { client, out } = remoteOf(command);
        const updated = await client.tokens.update(
          id,
          changes as never,
          options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch },
        );
        out.object(updated, TOKEN_FIELDS, (t) => t.id);
      },
    );

  token
    .command('rotate')
    .summary('give a token a new secret; it alone goes to stdout')
    .description(
      'A new secret for the same token, printed alone on stdout (shown once). The old secret stops now,\n' +
        'or after --grace.',
    )
    .argument('<id>', 'token id')
    .option('--grace <duration>', 'keep the old secret working this long, e.g. 10m')
    .option('--if-match <etag>', 'only if the token is still at this version (else exit 6)')
    .addHelpText('after', '\nExample:\n  NEW=$(tessera token rotate tok_… --grace 10m)')
    .action(async (id: string, options: { grace?: string; ifMatch?: string }, command: Command) => {
      const body =
        options.grace === undefined
          ? {}
          : { expiry: Date.now() + parseDuration('--grace', options.grace) * 1000 };
      const { client, out } = remoteOf(command);
      const rotated = await client.tokens.rotate(
        id,
        body,
        options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch },
      );
      if (out.mode === 'json') return out.json(rotated);
      out.secret(rotated.secret);
      out.note(
        `Rotated ${rotated.id} "${rotated.name}"; ` +
          (options.grace === undefined
            ? 'the old secret has stopped working.'
            : `the old secret works for ${options.grace} more.`) +
          ' The new secret above is shown this once.',
      );
    });

  addFilterOptions(
    token
      .command('revoke')
      .summary('revoke tokens by id, or every token matching filters')
      .description(
        'Revoke the tokens named (self: the one the CLI uses), or with filters and no ids every token\n' +
          'those filters list that you may revoke (your calling token is spared unless --include-self).\n' +
          'More than one token asks first; --yes skips the question (needed without a terminal).',
      )
      .argument('[ids...]', 'token ids, or self'),
  )
    .option('--include-self', 'with filters: revoke the calling token too')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText(
      'after',
      '\nExamples:\n  tessera token revoke tok_…\n  tessera token revoke --temporary --name-prefix ci- --yes',
    )
    .action(
      async (
        ids: string[],
        options: FilterOptions & { includeSelf?: boolean; yes?: boolean },
        command: Command,
      ) => {
        const query = filtersOf(options);
        if (ids.length > 0 && (hasFilter(query) || options.includeSelf))
          throw new UsageError('give token ids or filters, not both');
        if (ids.length === 0 && !hasFilter(query))
          throw new UsageError(
            'name the tokens to revoke, or give filters (e.g. --temporary); see tessera token revoke --help',
          );
        const { client, out } = remoteOf(command);
        if (ids.length > 0) {
          if (ids.length > 1 && !(await confirm(`Revoke ${ids.length} tokens?`, options.yes)))
            throw new CliError('nothing revoked', EXIT.other);
          let done = 0;
          for (const id of ids) {
            await (id === 'self' ? client.tokens.revokeSelf() : client.tokens.revoke(id));
            out.progress(`revoked ${++done} of ${ids.length}`);
          }
          if (out.mode === 'json') return out.json({ revoked: done });
          if (out.mode === 'quiet')
            return out.list(
              ids.map((id) => ({ id })),
              [],
              (t) => t.id,
            );
          return out.note(`Revoked ${done} token${done === 1 ? '' : 's'}.`);
        }
        const matching = await walkAll(client.tokens.list({ ...query, limit: 100 }), out, 'tokens');
        if (
          matching.length !== 1 &&
          !(await confirm(`Revoke up to ${matching.length} tokens matching these filters?`, options.yes))
        )
          throw new CliError('nothing revoked', EXIT.other);
        out.progress(`revoking up to ${matching.length} tokens…`);
        const { revoked } = await client.tokens.revokeMany({
          ...query,
          ...(options.includeSelf ? { include_self: true } : {}),
        });
        if (out.mode === 'json') return out.json({ revoked });
        out.note(`Revoked ${revoked} token${revoked === 1 ? '' : 's'}.`);
      },
    );

  token
    .command('verify')
    .summary('ask whether a secret is valid (exit 0) or refused (exit 1)')
    .description(
      'Verify a secret as a resource server would, printing the code. - reads the secret from stdin.',
    )
    .argument('<secret>', 'the secret, or - to read it from stdin (keeps it out of argv)')
    .option('--action <action>', 'also ask whether it may do this, e.g. orders:read')
    .option('--resource <path>', 'on this resource, e.g. orders/42')
    .option('--ip <address>', 'as seen from this client address (for allowed CIDRs)')
    .addHelpText('after', '\nExample:\n  echo "$SECRET" | tessera token verify - --action deploy:write')
    .action(
      async (
        value: string,
        options: { action?: string; resource?: string; ip?: string },
        command: Command,
      ) => {
        const secret = secretArgument(value);
        const { client, out } = remoteOf(command);
        const answer: VerifyAnswer = await client.verify(secret, {
          ...(options.action === undefined ? {} : { action: options.action }),
          ...(options.resource === undefined ? {} : { resource: options.resource }),
          ...(options.ip === undefined ? {} : { ip: options.ip }),
        });
        if (out.mode === 'json') out.json(answer);
        else
          process.stdout.write(
            `${answer.code}${answer.token ? `\t${answer.token.id}\t${answer.token.name}` : ''}\n`,
          );
        if (!answer.valid) process.exitCode = EXIT.other;
      },
    );
  registerTokenImportCommand(token);
}
