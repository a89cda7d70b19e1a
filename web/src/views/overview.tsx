// The tenant overview: the busiest tokens and the refusals by code, over the last 24 hours or 30 days.
import type { UsageRank } from '@tessera/client';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useLoad } from '../data.js';
import { Link } from '../router.js';
import { ErrorBox } from '../ui.js';

function Bar({ value, max }: { value: number; max: number }) {
  return (
    <svg class="hbar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
      <rect width={max === 0 ? 0 : (value / max) * 100} height="8" class="s-valid" />
    </svg>
  );
}

export function OverviewView() {
  const { client } = useSession();
  const [range, setRange] = useState<'day' | 'month'>('day');
  const loaded = useLoad(async () => {
    const now = Date.now();
    const query =
      range === 'day'
        ? { granularity: 'hour' as const, from: new Date(now - 24 * 3_600_000).toISOString() }
        : { granularity: 'day' as const, from: new Date(now - 30 * 86_400_000).toISOString() };
    const [tokens, codes] = await Promise.all([
      client.usage.rank({ ...query, group_by: 'token', limit: 10 }),
      client.usage.rank({ ...query, group_by: 'code', limit: 20 }),
    ]);
    // Names for the busiest tokens; one that cannot be read (revoked elsewhere, say) keeps its id.
    const names = await Promise.all(
      tokens.data.map((rank) =>
        client.tokens.get(rank.token_id ?? '').then(
          (t) => t.name,
          () => rank.token_id ?? '',
        ),
      ),
    );
    return {
      tokens: tokens.data,
      names,
      codes: codes.data.filter((rank: UsageRank) => rank.code !== 'valid'),
    };
  }, range);
  const maxToken = Math.max(0, ...(loaded.data?.tokens.map((r) => r.total) ?? []));
  const maxCode = Math.max(0, ...(loaded.data?.codes.map((r) => r.total) ?? []));
  return (
    <section>
      <div class="title-row">
        <h1>Overview</h1>
        <div class="field">
          <label for="o-range">Range</label>
          <select
            id="o-range"
            value={range}
            onChange={(e) => setRange(e.currentTarget.value as 'day' | 'month')}
          >
            <option value="day">last 24 hours</option>
            <option value="month">last 30 days</option>
          </select>
        </div>
      </div>
      <ErrorBox failure={loaded.failure} />
      {loaded.data !== null && (
        <div class="detail-grid">
          <section aria-labelledby="busiest-title">
            <h2 id="busiest-title">Busiest tokens</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">Verifications</th>
                  <th scope="col">Refused</th>
                </tr>
              </thead>
              <tbody>
                {loaded.data.tokens.map((rank, i) => (
                  <tr key={rank.token_id}>
                    <td>
                      <Link to={`/tokens/${encodeURIComponent(rank.token_id ?? '')}`}>
                        {loaded.data?.names[i]}
                      </Link>
                    </td>
                    <td>
                      {rank.total} <Bar value={rank.total} max={maxToken} />
                    </td>
                    <td>{rank.refused}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {loaded.data.tokens.length === 0 && <p class="muted">No verifications in this range.</p>}
          </section>
          <section aria-labelledby="refusals-title">
            <h2 id="refusals-title">Refusals by code</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Count</th>
                </tr>
              </thead>
              <tbody>
                {loaded.data.codes.map((rank) => (
                  <tr key={rank.code}>
                    <td>{rank.code}</td>
                    <td>
                      {rank.total} <Bar value={rank.total} max={maxCode} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {loaded.data.codes.length === 0 && <p class="muted">No refusals in this range.</p>}
          </section>
        </div>
      )}
    </section>
  );
}
