// Settings from the environment: defaults, and every whole-number setting at, inside and outside its
// range; a bad value stops the start with a message naming the variable.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';

const RANGES: [name: string, field: string, min: number, max: number, fallback: number][] = [
  ['TESSERA_PERMANENT_TOKEN_CAP', 'permanentTokenCap', 0, 1_000_000, 5],
  ['TESSERA_DB_POOL_SIZE', 'databasePoolSize', 1, 1000, 10],
  ['TESSERA_DB_STATEMENT_TIMEOUT_MS', 'databaseStatementTimeoutMs', 100, 600_000, 5000],
  ['TESSERA_CACHE_SIZE', 'cacheSize', 0, 10_000_000, 100_000],
  ['TESSERA_CACHE_TTL_MS', 'cacheTtlMs', 0, 3_600_000, 5000],
  ['TESSERA_LEAK_REPORTS_PER_MINUTE', 'leakReportsPerMinute', 1, 1_000_000, 60],
];

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('parseConfig', () => {
  it('whole-number settings: defaults, both ends accepted, outside and malformed refused by name', () => {
    const reached = { accepted: 0, refused: 0 };
    for (const [name, field, min, max, fallback] of RANGES) {
      expect((parseConfig({}) as unknown as Record<string, number>)[field]).toBe(fallback);
      for (const value of [min, max, Math.floor((min + max) / 2)]) {
        expect((parseConfig({ [name]: String(value) }) as unknown as Record<string, number>)[field]).toBe(
          value,
        );
        reached.accepted++;
      }
      for (const bad of [String(min - 1), String(max + 1), '1.5', 'ten', '-0', '0x10']) {
        if (bad === String(min - 1) && min === 0) continue; // "-1" is covered by the malformed cases
        const problems = problemsOf({ [name]: bad });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(name);
        reached.refused++;
      }
    }
    console.info(`settings cases: ${JSON.stringify(reached)}`);
    expect(reached.accepted).toBe(18);
    expect(reached.refused).toBeGreaterThanOrEqual(25);
  });

  it("TESSERA_IMPORT_PREFIXES: a list of prefixes, none by default; Tessera's own and malformed ones refused", () => {
    expect(parseConfig({}).importPrefixes).toEqual([]);
    expect(parseConfig({ TESSERA_IMPORT_PREFIXES: 'sk_live_, fst_,sk_live_' }).importPrefixes).toEqual([
      'sk_live_',
      'fst_',
    ]);
    // One character each: keys with no common prefix (40-hex keys) imported by their first character.
    const hex = '0123456789abcdef'.split('');
    expect(parseConfig({ TESSERA_IMPORT_PREFIXES: hex.join(',') }).importPrefixes).toEqual(hex);
    const tooMany = Array.from({ length: 65 }, (_, index) => `p${index}_`).join(',');
    for (const bad of ['tsr_', 'tsr_a0_', 'has space', '.dot', 'a/b', tooMany, `${'x'.repeat(33)}`]) {
      const problems = problemsOf({ TESSERA_IMPORT_PREFIXES: bad });
      expect(problems, bad).toHaveLength(1);
      expect(problems[0]).toContain('TESSERA_IMPORT_PREFIXES');
    }
    expect(parseConfig({ TESSERA_GITHUB_SCANNING_KEYS: '/etc/github.json' }).githubScanningKeysFile).toBe(
      '/etc/github.json',
    );
  });

  it('every problem is reported at once', () => {
    const problems = problemsOf({
      PORT: 'x',
      TESSERA_CACHE_SIZE: '-5',
      LOG_LEVEL: 'loud',
      REDIS_URL: 'http://r',
    });
    expect(problems).toHaveLength(4);
  });

  it('event settings: TESSERA_EXPIRY_NOTICE lead times, the webhook switches and intervals, each checked', () => {
    expect(parseConfig({}).events).toEqual({
      expiryNoticeLeadSeconds: [604_800, 86_400],
      expiryScanIntervalMs: 5_000,
      webhookAllowPrivate: false,
      webhookTimeoutMs: 10_000,
      webhookPollIntervalMs: 500,
    });
    expect(
      parseConfig({ TESSERA_EXPIRY_NOTICE: '1h, 30d,2w,90s,1h' }).events.expiryNoticeLeadSeconds,
    ).toEqual([2_592_000, 1_209_600, 3_600, 90]);
    expect(parseConfig({ TESSERA_WEBHOOK_ALLOW_PRIVATE: 'true' }).events.webhookAllowPrivate).toBe(true);
    expect(parseConfig({}).allowKeyDrop).toBe(false);
    expect(parseConfig({ TESSERA_ALLOW_KEY_DROP: 'true' }).allowKeyDrop).toBe(true);
    for (const [name, bad] of [
      ['TESSERA_EXPIRY_NOTICE', '7'],
      ['TESSERA_EXPIRY_NOTICE', '0d'],
      ['TESSERA_EXPIRY_NOTICE', '400d'],
      ['TESSERA_EXPIRY_NOTICE', '1d,2d,3d,4d,5d,6d,7d,8d,9d,10d,11d'],
      ['TESSERA_EXPIRY_NOTICE', '1 day'],
      ['TESSERA_WEBHOOK_ALLOW_PRIVATE', 'yes'],
      ['TESSERA_ALLOW_KEY_DROP', '1'],
      ['TESSERA_WEBHOOK_TIMEOUT_MS', '20000'],
      ['TESSERA_WEBHOOK_POLL_MS', '5'],
      ['TESSERA_EXPIRY_SCAN_MS', '60000'],
    ] as const) {
      const problems = problemsOf({ [name]: bad });
      expect(problems, `${name}=${bad}`).toHaveLength(1);
      expect(problems[0]).toContain(name);
    }
  });
});
