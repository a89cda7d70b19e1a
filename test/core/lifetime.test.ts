// SPEC "Lifetimes": defaults per type and every combination that must be refused, as a table.
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, MS_PER_MINUTE } from '../../src/core/time.js';
import { type LifetimeRequest, resolveLifetime } from '../../src/core/token.js';

const NOW = Date.parse('2030-01-01T00:00:00.000Z');

const allowed: [string, LifetimeRequest, number | null][] = [
  ['api with nothing is permanent', { type: 'api' }, null],
  ['lifetime temporary alone is 24 h', { type: 'api', lifetime: 'temporary' }, NOW + MS_PER_DAY],
  ['session defaults to 30 min', { type: 'session' }, NOW + 30 * MS_PER_MINUTE],
  ['ttl in seconds', { type: 'api', ttlSeconds: 60 }, NOW + 60_000],
  ['session with ttl', { type: 'session', ttlSeconds: 5 }, NOW + 5000],
  ['expires_at', { type: 'api', expiresAtMs: NOW + 1 }, NOW + 1],
  ['temporary with ttl', { type: 'api', lifetime: 'temporary', ttlSeconds: 10 }, NOW + 10_000],
  ['permanent explicitly', { type: 'api', lifetime: 'permanent' }, null],
];

const refused: [string, LifetimeRequest][] = [
  ['ttl and expires_at together', { type: 'api', ttlSeconds: 60, expiresAtMs: NOW + 60_000 }],
  ['expires_at now', { type: 'api', expiresAtMs: NOW }],
  ['expires_at in the past', { type: 'api', expiresAtMs: NOW - 1 }],
  ['absurdly far', { type: 'api', expiresAtMs: NOW + 4000 * MS_PER_DAY }],
  ['permanent with ttl', { type: 'api', lifetime: 'permanent', ttlSeconds: 60 }],
  ['permanent session', { type: 'session', lifetime: 'permanent' }],
  ['not_before after expiry', { type: 'api', ttlSeconds: 60, notBeforeMs: NOW + 120_000 }],
];

describe('resolveLifetime', () => {
  it.each(allowed)('allows: %s', (_name, request, expected) => {
    const decision = resolveLifetime(request, NOW);
    expect(decision).toMatchObject({ ok: true, expiresAtMs: expected });
  });
  it.each(refused)('refuses: %s', (_name, request) => {
    const decision = resolveLifetime(request, NOW);
    expect(decision.ok).toBe(false);
    if (!decision.ok) expect(decision.detail.length).toBeGreaterThan(5);
  });
});
