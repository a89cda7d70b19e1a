// `tessera token import FILE.ndjson`: streams tokens of another system into Tessera, a batch at a time,
// one JSON object per line (an import item: create fields plus `secret` or `secret_sha256`). Nothing
// of a secret is ever printed; each refused line is named by its number. A rerun is safe: lines
// already imported are refused as duplicates (409) and nothing is stored twice.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ImportResult, ImportTokenItem, Tessera } from '@tessera/client';
import type { Command } from 'commander';
import { remoteOf } from '../context.js';
import { CliError, EXIT, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';

/** The server takes at most 1,000 items a request; 500 keeps a batch well under its body limit. */
const DEFAULT_BATCH_SIZE = 500;
const MAX_BATCH_SIZE = 1000;

interface Totals {
  imported: number;
  failed: number;
  readonly results: (ImportResult & { line: number })[];
}

/** One line's object, or why it cannot be one (without echoing the line: it may hold a secret). */
function itemOf(text: string): ImportTokenItem | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not a JSON object';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  return value as ImportTokenItem;
}

async function sendBatch(
  client: Tessera,
  batch: { line: number; item: ImportTokenItem }[],
  totals: Totals,
  out: Output,
): Promise<void> {
  if (batch.length === 0) return;
  const answer = await client.tokens.import(batch.map((entry) => entry.item));
  for (const result of answer.data) {
    const line = batch[result.index]!.line;
    totals.results.push({ ...result, line });
    if (result.status === 201) totals.imported++;
    else {
      totals.failed++;
      if (out.mode !== 'json')
        out.note(
          `line ${line}: ${result.problem?.detail ?? 'refused'} (${result.problem?.code ?? result.status})`,
        );
    }
  }
  batch.length = 0;
}

export function registerTokenImportCommand(token: Command): void {
  token
    .command('import')
    .summary('import tokens of another system from an NDJSON file, keeping their secrets')
    .description(
      'Import existing keys so their clients keep working. Each line of FILE (- for stdin) is one\n' +
        'JSON object: any create field (name, role, scopes, ttl, metadata, …) and exactly one of\n' +
        '"secret" (the key itself) or "secret_sha256" (its hex SHA-256, for systems that kept only\n' +
        "that). Secrets start with one of the server's TESSERA_IMPORT_PREFIXES. Sent in batches;\n" +
        'each line is imported or refused on its own. A rerun is safe: imported lines answer 409.\n' +
        'Admins and owners only. Exits 1 when any line was refused.',
    )
    .argument('<file>', 'an NDJSON file, or - to read stdin')
    .option('--batch-size <n>', `lines per request (1-${MAX_BATCH_SIZE})`, String(DEFAULT_BATCH_SIZE))
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  tessera token import legacy-keys.ndjson\n' +
        "  psql -Atc \"select json_build_object('name', name, 'secret_sha256', key_sha256) from api_keys\" | tessera token import -",
    )
    .action(async (file: string, options: { batchSize: string }, command: Command) => {
      const batchSize = Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE)
        throw new UsageError(`--batch-size is a whole number from 1 to ${MAX_BATCH_SIZE}`);
      const { client, out } = remoteOf(command);
      const input = file === '-' ? process.stdin : createReadStream(file);
      const opened = new Promise<void>((resolve, reject) => {
        input.once('error', reject);
        if (file === '-') resolve();
        else input.once('open', () => resolve());
      });
      await opened.catch((error: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${file} (${error.code ?? error.message})`);
      });
      const totals: Totals = { imported: 0, failed: 0, results: [] };
      const batch: { line: number; item: ImportTokenItem }[] = [];
      let lineNumber = 0;
      const startedAt = performance.now();
      for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        lineNumber++;
        if (text.trim() === '') continue;
        const item = itemOf(text);
        if (typeof item === 'string') {
          totals.failed++;
          if (out.mode !== 'json') out.note(`line ${lineNumber}: ${item}`);
          continue;
        }
        batch.push({ line: lineNumber, item });
        if (batch.length >= batchSize) {
          await sendBatch(client, batch, totals, out);
          out.progress(`${totals.imported} imported, ${totals.failed} refused (line ${lineNumber})…`);
        }
      }
      await sendBatch(client, batch, totals, out);
      const seconds = (performance.now() - startedAt) / 1000;
      if (out.mode === 'json')
        out.json({ data: totals.results, imported: totals.imported, failed: totals.failed });
      else if (out.mode === 'quiet') {
        out.clearProgress();
        for (const result of totals.results) if (result.token) process.stdout.write(`${result.token.id}\n`);
      } else
        out.note(
          `Imported ${totals.imported} token${totals.imported === 1 ? '' : 's'}; ${totals.failed} refused ` +
            `(${lineNumber} lines in ${seconds.toFixed(1)} s).`,
        );
      if (totals.failed > 0) process.exitCode = EXIT.other;
    });
}
