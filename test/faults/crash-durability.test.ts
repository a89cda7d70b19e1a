import { afterAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../helpers/expect-status.js';
import { PROCESS_BACKENDS, type ProcessBackend } from '../helpers/process-backends.js';
import { type ServerProcess, startServerProcess } from '../helpers/processes.js';
import { call } from '../helpers/server.js';

const ROUNDS = Number(process.env.TESSERA_SOAK_ROUNDS ?? 4);
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Acknowledged {
  readonly created: Map<string, string>; // token id → name
  readonly rotated: Set<string>;
  readonly revoked: Set<string>;
}

/** Fires creates, rotates and revokes at once and kills the server after a random moment. */
async function roundWithKill(
  server: ServerProcess,
  owner: string,
  live: string[],
  ack: Acknowledged,
  round: number,
) {
  let inFlight = 0;
  let started = 0;
  const fire = async (method: string, path: string, body: unknown, onAck: (answer: any) => void) => {
    // Staggered, so a kill lands in the middle of the stream: some answered, some in flight, some unsent.
    await new Promise((resolve) => setTimeout(resolve, started++ * 6));
    if (server.child.exitCode !== null || server.child.signalCode !== null) return;
    inFlight++;
    try {
      const answer = await call({ url: server.url }, method, path, { token: owner, body });
      if (answer.status >= 200 && answer.status < 300) onAck(answer);
    } catch {
      // The connection died with the process: not acknowledged, so nothing is promised.
    } finally {
      inFlight--;
    }
  };
  const operations: (() => Promise<void>)[] = [];
  for (let index = 0; index < 12; index++) {
    const name = `c${round}-${index}`;
    operations.push(() =>
      fire('POST', '/v1/tokens', { name, ttl: 86_400 }, (answer) => ack.created.set(answer.body.id, name)),
    );
  }
  for (const id of live.splice(0, 6))
    operations.push(() => fire('POST', `/v1/tokens/${id}/rotate`, undefined, () => ack.rotated.add(id)));
  for (const id of live.splice(0, 6))
    operations.push(() => fire('DELETE', `/v1/tokens/${id}`, undefined, () => ack.revoked.add(id)));
  // Shuffled, so each kind of change is as likely as the others to be cut mid-way.
  for (let index = operations.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [operations[index], operations[other]] = [operations[other]!, operations[index]!];
  }
  const work = operations.map((operation) => operation());
  await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 120));
  const landedInFlight = inFlight > 0;
  await server.stop(true);
  await Promise.allSettled(work);
  return landedInFlight;
}

async function allAuditEvents(url: string, owner: string) {
  const events: { action: string; target_id: string }[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await call({ url }, 'GET', `/v1/audit-events?limit=100&offset=${offset}`, { token: owner });
    events.push(...page.body.data);
    if (page.body.data.length < 100) return events;
  }
}

async function checkConsistency(url: string, owner: string, ack: Acknowledged) {
  const events = (await allAuditEvents(url, owner)).filter((event) => event.action.startsWith('token.'));
  const byToken = new Map<string, Record<string, number>>();
  for (const event of events) {
    const counts = byToken.get(event.target_id) ?? {};
    counts[event.action] = (counts[event.action] ?? 0) + 1;
    byToken.set(event.target_id, counts);
  }
  for (const [id, counts] of byToken) {
    const token = await call({ url }, 'GET', `/v1/tokens/${id}`, { token: owner });
    // No audit event names a change that is not there.
    expectStatus(token, 200, undefined, `audited token ${id} exists`);
    expect(counts['token.create'], `${id} created once`).toBe(1);
    const revision = Number(/\.(\d+)"$/.exec(token.headers.get('etag')!)![1]);
    // Every change bumps the revision once and writes one event: revision 1 at create.
    expect((counts['token.rotate'] ?? 0) + (counts['token.revoke'] ?? 0), `${id} changes vs events`).toBe(
      revision - 1,
    );
    expect(counts['token.revoke'] ?? 0, `${id} revoke events`).toBe(token.body.revoked_at === null ? 0 : 1);
  }
  // Every acknowledged change is there.
  for (const [id, name] of ack.created) {
    expect(byToken.get(id)?.['token.create'], `acknowledged create ${name}`).toBe(1);
  }
  for (const id of ack.rotated)
    expect(byToken.get(id)?.['token.rotate'] ?? 0, `acknowledged rotate ${id}`).toBeGreaterThanOrEqual(1);
  for (const id of ack.revoked)
    expect(byToken.get(id)?.['token.revoke'], `acknowledged revoke ${id}`).toBe(1);
}

describe.each(Object.keys(PROCESS_BACKENDS) as ProcessBackend[])('kill -9 during changes (%s)', (backend) => {
  it(`${ROUNDS} rounds: nothing acknowledged lost, changes and audit events match one to one`, async () => {
    const env = await PROCESS_BACKENDS[backend](cleanups);
    let server = await startServerProcess(env);
    const owner = /^(tsr_\S+)$/m.exec(server.stdout())![1]!;
    const ownerTokenId = (await call({ url: server.url }, 'GET', '/v1/tokens/self', { token: owner })).body
      .id as string;
    const ack: Acknowledged = { created: new Map(), rotated: new Set(), revoked: new Set() };
    const live: string[] = [];
    for (let index = 0; index < 12; index++) {
      live.push(
        (await call({ url: server.url }, 'POST', '/v1/tokens', { token: owner, body: { ttl: 86_400 } })).body
          .id,
      );
    }
    let killsInFlight = 0;
    for (let round = 0; round < ROUNDS; round++) {
      if (await roundWithKill(server, owner, live, ack, round)) killsInFlight++;
      server = await startServerProcess(env);
      await checkConsistency(server.url, owner, ack);
      const listed = await call({ url: server.url }, 'GET', '/v1/tokens?limit=100', { token: owner });
      live.splice(
        0,
        live.length,
        ...listed.body.data
          .map((token: { id: string }) => token.id)
          .filter((id: string) => id !== ownerTokenId && !ack.revoked.has(id)),
      );
      while (live.length < 12)
        live.push(
          (await call({ url: server.url }, 'POST', '/v1/tokens', { token: owner, body: { ttl: 86_400 } }))
            .body.id,
        );
    }
    await server.stop();
    console.info(
      `${backend}: ${ROUNDS} kills, ${killsInFlight} with requests in flight; acknowledged ${ack.created.size} creates, ` +
        `${ack.rotated.size} rotations, ${ack.revoked.size} revocations, all present`,
    );
    expect(killsInFlight).toBeGreaterThan(0);
  }, 600_000);
});
