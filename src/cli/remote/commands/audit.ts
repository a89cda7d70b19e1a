// `tessera audit [--token ID] [--follow]`: the tenant's audit trail, newest first; --follow keeps
// printing new events as they happen.
import type { AuditEvent } from '@tessera/client';
import type { Command } from 'commander';
import { remoteOf } from '../context.js';
import type { Column } from '../output.js';
import { parseCount, parseDuration } from '../parse.js';
import { walkAll } from '../walk.js';

const AUDIT_COLUMNS: readonly Column<AuditEvent>[] = [
  { header: 'WHEN', value: (e) => e.occurred_at },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'TARGET', value: (e) => `${e.target_type} ${e.target_id}` },
  { header: 'BY', value: (e) => e.actor_token_id ?? e.actor_member_id },
  { header: 'FROM', value: (e) => e.client_ip },
  { header: 'REQUEST', value: (e) => e.request_id },
];

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .summary('the audit trail, newest first (--follow: keep printing new events)')
    .helpGroup('Operations:')
    .option('--token <id>', 'only events about, or made by, this token')
    .option('--limit <n>', 'at most this many events', '100')
    .option('--follow', 'after the latest events, print new ones as they happen (Ctrl-C stops)')
    .option('--interval <duration>', 'with --follow: how often to look', '2s')
    .addHelpText('after', '\nExamples:\n  tessera audit --limit 20\n  tessera audit --token tok_… --follow')
    .action(
      async (
        options: { token?: string; limit: string; follow?: boolean; interval: string },
        command: Command,
      ) => {
        const limit = parseCount('--limit', options.limit, 1);
        const intervalMs = parseDuration('--interval', options.interval) * 1000;
        const { client, out } = remoteOf(command);
        const about = (event: AuditEvent) =>
          options.token === undefined ||
          event.target_id === options.token ||
          event.actor_token_id === options.token;
        const matching = async function* (events: AsyncIterable<AuditEvent>) {
          for await (const event of events) if (about(event)) yield event;
        };
        const latest = await walkAll(
          matching(client.auditEvents.list({ per_page: 100 })),
          out,
          'events',
          limit,
        );
        // --follow prints oldest first as events arrive, so the newest line is always the last one.
        if (!options.follow) return out.list(latest, AUDIT_COLUMNS, (e) => e.id);
        const seen = new Set(latest.map((event) => event.id));
        // Followed, JSON is one event per line (an array could never be closed).
        const print = (events: AuditEvent[]) => {
          if (out.mode !== 'json') return out.list(events, AUDIT_COLUMNS, (e) => e.id);
          for (const event of events) process.stdout.write(`${JSON.stringify(event)}\n`);
        };
        print([...latest].reverse());
        for (;;) {
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
          const fresh: AuditEvent[] = [];
          for (const event of (await client.auditEvents.list({ per_page: 100 })).data) {
            if (seen.has(event.id)) continue;
            seen.add(event.id);
            if (about(event)) fresh.push(event);
          }
          if (fresh.length > 0) print(fresh.reverse());
        }
      },
    );
}
