// Stage: GET /v1/tokens in pages of 100 by keyset cursor over the owner's tokens, at ten clients and
// at one, with the walk's first page (the one that counts the tokens) timed on its own.
import { itemsFile } from '../lib/items.js';
import { load } from '../lib/measure.js';
import type { TesseraServer } from '../lib/processes.js';
import type { ListingResult } from '../lib/results.js';
import { SLICE_SECONDS } from '../lib/settings.js';
import { median } from '../lib/statistics.js';
import { ownerAuth } from '../lib/tessera-api.js';

const PAGES_WALKED = 30;

export async function measureKeysetPages(tessera: TesseraServer): Promise<ListingResult> {
  const auth = ownerAuth(tessera);
  const pages: string[] = ['/v1/tokens?limit=100'];
  for (let page = 0; page < PAGES_WALKED; page++) {
    const answer = (await (await fetch(`${tessera.url}${pages.at(-1)}`, { headers: auth })).json()) as {
      pagination?: { next_cursor?: string | null };
    };
    if (answer.pagination?.next_cursor == null) break;
    pages.push(`/v1/tokens?limit=100&cursor=${encodeURIComponent(answer.pagination.next_cursor)}`);
  }
  // A walk's first page counts the owner's tokens; the pages after it carry that total.
  const firstPageMs: number[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const started = performance.now();
    await (await fetch(`${tessera.url}${pages[0]}`, { headers: auth })).arrayBuffer();
    firstPageMs.push(performance.now() - started);
  }
  const plan = (connections: number) => ({
    path: '',
    method: 'GET' as const,
    connections,
    durationSeconds: SLICE_SECONDS,
    itemsFile: itemsFile(pages.slice(1)),
    headers: auth,
  });
  return {
    ...(await load(tessera, plan(10))),
    firstPageMs: median(firstPageMs),
    // One client at a time: the page's own latency, without ten requests queueing on one core.
    alone: await load(tessera, plan(1)),
  };
}
