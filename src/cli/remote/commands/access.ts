// `tessera space …` and `tessera role …`: keyed objects with the same five commands.
import type { Role, Space } from '@tessera/client';
import type { Command } from 'commander';
import { remoteOf } from '../context.js';
import { UsageError } from '../exit-codes.js';
import type { Column } from '../output.js';
import { readPolicyFile } from '../parse.js';
import { walkAll } from '../walk.js';

interface KeyedOptions {
  key?: string;
  name?: string;
  description?: string;
  policyFile?: string;
}

type Keyed = Space | Role;

const columnsOf = (withPolicy: boolean): readonly Column<Keyed>[] => [
  { header: 'KEY', value: (o) => o.key },
  { header: 'NAME', value: (o) => o.name },
  { header: 'DESCRIPTION', value: (o) => o.description },
  ...(withPolicy ? [{ header: 'POLICY', value: (o: Keyed) => JSON.stringify((o as Role).policy) }] : []),
  { header: 'UPDATED', value: (o) => o.updated_at },
];

function registerKeyed(program: Command, noun: 'space' | 'role', summary: string, example: string): void {
  const withPolicy = noun === 'role';
  const resource = (client: ReturnType<typeof remoteOf>['client']) =>
    withPolicy ? client.roles : client.spaces;
  const columns = columnsOf(withPolicy);
  const group = program.command(noun).summary(summary).helpGroup('Access:');
  const fields = (options: KeyedOptions) => ({
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.policyFile === undefined
      ? {}
      : { policy: readPolicyFile('--policy-file', options.policyFile) }),
  });
  const create = group
    .command('create')
    .summary(`create a ${noun}`)
    .requiredOption('--key <key>', 'lowercase letters, digits, _ and -; unique in the tenant')
    .requiredOption('--name <name>', 'display name')
    .option('--description <text>', 'what it is for');
  if (withPolicy)
    create.requiredOption('--policy-file <path>', 'JSON array of statements {effect, actions, resources}');
  create
    .addHelpText('after', `\nExample:\n  ${example}`)
    .action(async (options: KeyedOptions, command: Command) => {
      const body = { key: options.key, ...fields(options) };
      const { client, out } = remoteOf(command);
      out.object(await resource(client).create(body as never), columns, (o) => o.key);
    });
  group
    .command('list')
    .summary(`list ${noun}s (every page)`)
    .action(async (_options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      const items = await walkAll<Keyed>(resource(client).list({ per_page: 100 }), out, `${noun}s`);
      out.list(items, columns, (o) => o.key);
    });
  group
    .command('show')
    .summary(`show one ${noun}`)
    .argument('<key>', `${noun} key`)
    .action(async (key: string, _options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      out.object(await resource(client).get(key), columns, (o) => o.key);
    });
  const update = group
    .command('update')
    .summary(`change a ${noun}`)
    .argument('<key>', `${noun} key`)
    .option('--name <name>', 'display name')
    .option('--description <text>', 'what it is for');
  if (withPolicy)
    update.option('--policy-file <path>', 'a new policy (tokens naming the role follow at once)');
  update.action(async (key: string, options: KeyedOptions, command: Command) => {
    const changes = fields(options);
    if (Object.keys(changes).length === 0)
      throw new UsageError(
        `nothing to change: give --name, --description${withPolicy ? ' or --policy-file' : ''}`,
      );
    const { client, out } = remoteOf(command);
    out.object(await resource(client).update(key, changes as never), columns, (o) => o.key);
  });
  group
    .command('remove')
    .summary(`delete a ${noun} (refused while a token names it)`)
    .argument('<key>', `${noun} key`)
    .action(async (key: string, _options: unknown, command: Command) => {
      const { client, out } = remoteOf(command);
      await resource(client).remove(key);
      if (out.mode === 'json') return out.json({ removed: key });
      out.note(`Removed ${noun} ${key}.`);
    });
}

export function registerAccessCommands(program: Command): void {
  registerKeyed(
    program,
    'space',
    'create, list, change and remove spaces',
    'tessera space create --key shop --name Shop',
  );
  registerKeyed(
    program,
    'role',
    'custom roles: named policies tokens can include',
    'tessera role create --key order-reader --name "Order reader" --policy-file policy.json',
  );
}
