// The load generator, run as its own process so it never shares an event loop with a server under
// test: autocannon against one URL, cycling through request bodies (or paths) read from a file, and
// one JSON line of results on stdout.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadPlan {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly connections: number;
  /** Seconds to run; or `amount` requests in all (each request once, for cache-miss runs). */
  readonly durationSeconds?: number;
  readonly amount?: number;
  /** A file with one JSON array: request bodies (POST) or paths (GET), used in turn. */
  readonly itemsFile: string;
  readonly headers?: Record<string, string>;
  /** A counter placed into each body at `{{n}}` (unique names for creates). */
  readonly numbered?: boolean;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const items = JSON.parse(readFileSync(plan.itemsFile, 'utf8')) as string[];
  let next = 0;
  let counter = 0;
  const result = await autocannon({
    url: plan.url,
    connections: plan.connections,
    pipelining: 1,
    ...(plan.amount !== undefined ? { amount: plan.amount } : { duration: plan.durationSeconds ?? 3 }),
    method: plan.method,
    headers: { 'content-type': 'application/json', ...plan.headers },
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const item = items[next++ % items.length]!;
          if (plan.method === 'GET') return { ...request, path: item };
          const body = plan.numbered ? item.replace('{{n}}', String(counter++)) : item;
          return { ...request, body };
        },
      },
    ],
  });
  const seconds = result.duration;
  return {
    requests: result.requests.total,
    seconds,
    rps: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const plan = JSON.parse(process.argv[2]!) as LoadPlan;
process.stdout.write(`${JSON.stringify(await run(plan))}\n`);
