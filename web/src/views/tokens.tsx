// Tokens: search by name, filter by every list filter the API has, page, sort (on the server, so across pages), and revoke
// every token the filters match (the API's bulk revoke).
import type { ListTokensQuery } from '@tessera/client';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useAction, useLoad } from '../data.js';
import { Link, navigate } from '../router.js';
import { ConfirmDialog, DataTable, ErrorBox, formatTime, Pager, Status } from '../ui.js';

type Filters = {
  name_prefix: string;
  type: string;
  kind: string;
  lifetime: string;
  status: string;
  active: string;
  expired: string;
  revoked: string;
  space: string;
  owner: string;
  scope: string;
  /** Dates (YYYY-MM-DD) from date inputs: the day's start, UTC, is the instant asked. */
  expires_before: string;
  last_used_before: string;
  show_all: boolean;
};

const EMPTY: Filters = {
  name_prefix: '',
  type: '',
  kind: '',
  lifetime: '',
  status: '',
  active: '',
  expired: '',
  revoked: '',
  space: '',
  owner: '',
  scope: '',
  expires_before: '',
  last_used_before: '',
  show_all: false,
};

type SortKey = 'created' | 'name' | 'expires' | 'last_used';

/** The yes/no filters, each a select of its own. */
const YES_NO_FILTERS = [
  ['active', 'Active'],
  ['expired', 'Expired'],
  ['revoked', 'Revoked'],
] as const;

/** The API's query for the filters: empty ones left out, so the server's defaults apply. */
function queryOf(filters: Filters): ListTokensQuery {
  const query: Record<string, unknown> = {};
  for (const key of ['name_prefix', 'type', 'kind', 'lifetime', 'status', 'space', 'owner', 'scope'] as const)
    if (filters[key].trim() !== '') query[key] = filters[key].trim();
  for (const key of ['expires_before', 'last_used_before'] as const)
    if (filters[key] !== '') query[key] = `${filters[key]}T00:00:00.000Z`;
  for (const key of ['active', 'expired', 'revoked'] as const)
    if (filters[key] !== '') query[key] = filters[key] === 'yes';
  if (filters.show_all) query.show_all = true;
  return query as ListTokensQuery;
}

/** The server's order for each choice, so the order holds across pages (the list is sorted there). */
const SERVER_SORT: Record<SortKey, NonNullable<ListTokensQuery['sort']>> = {
  created: '-created_at',
  name: 'name',
  expires: 'expires_at',
  last_used: '-last_used_at',
};

function Select(props: {
  id: string;
  label: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">any</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option.replaceAll('_', ' ')}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TokensView() {
  const { client, self } = useSession();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(25);
  const [sort, setSort] = useState<SortKey>('created');
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const query = queryOf(filters);
  const list = useLoad(
    () => client.tokens.list({ ...query, sort: SERVER_SORT[sort], page, per_page: perPage }),
    JSON.stringify([query, sort, page, perPage]),
  );
  const bulk = useAction();
  const set = (key: keyof Filters) => (value: string | boolean) => {
    setFilters({ ...filters, [key]: value });
    setPage(1);
  };
  const revokeMatching = async () => {
    const result = await bulk.run(() => client.tokens.revokeMany({ ...query }));
    if (result === undefined) return;
    setConfirming(false);
    setNotice(`Revoked ${result.revoked} token${result.revoked === 1 ? '' : 's'}.`);
    list.reload();
  };
  const admin = self.effective_role === 'admin' || self.effective_role === 'owner';
  return (
    <section>
      <div class="title-row">
        <h1>Tokens</h1>
        <button type="button" class="primary" onClick={() => navigate('/tokens/new')}>
          Create token
        </button>
      </div>
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <div class="field grow">
          <label for="search">Search tokens</label>
          <input
            id="search"
            type="search"
            placeholder="name starts with…"
            value={filters.name_prefix}
            onInput={(e) => set('name_prefix')(e.currentTarget.value)}
          />
        </div>
        <Select
          id="f-type"
          label="Type"
          value={filters.type}
          options={['api', 'session']}
          onChange={set('type')}
        />
        <Select
          id="f-kind"
          label="Kind"
          value={filters.kind}
          options={['account', 'space', 'manager']}
          onChange={set('kind')}
        />
        <Select
          id="f-lifetime"
          label="Lifetime"
          value={filters.lifetime}
          options={['temporary', 'permanent']}
          onChange={set('lifetime')}
        />
        <Select
          id="f-status"
          label="Status"
          value={filters.status}
          options={['active', 'disabled', 'expired', 'revoked', 'not_yet_valid']}
          onChange={set('status')}
        />
        {YES_NO_FILTERS.map(([key, label]) => (
          <Select
            key={key}
            id={`f-${key}`}
            label={label}
            value={filters[key]}
            options={['yes', 'no']}
            onChange={set(key)}
          />
        ))}
        <div class="field">
          <label for="f-space">Space</label>
          <input id="f-space" value={filters.space} onInput={(e) => set('space')(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="f-owner">Owner (member id)</label>
          <input id="f-owner" value={filters.owner} onInput={(e) => set('owner')(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="f-scope">Scope</label>
          <input id="f-scope" value={filters.scope} onInput={(e) => set('scope')(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="f-expires-before">Expires before</label>
          <input
            id="f-expires-before"
            type="date"
            value={filters.expires_before}
            onInput={(e) => set('expires_before')(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="f-unused-since">Not used since</label>
          <input
            id="f-unused-since"
            type="date"
            value={filters.last_used_before}
            onInput={(e) => set('last_used_before')(e.currentTarget.value)}
          />
        </div>
        {admin && (
          <div class="field check">
            <input
              id="f-all"
              type="checkbox"
              checked={filters.show_all}
              onChange={(e) => set('show_all')(e.currentTarget.checked)}
            />
            <label for="f-all">Every member's tokens</label>
          </div>
        )}
        <div class="field">
          <label for="sort">Sort by</label>
          <select
            id="sort"
            value={sort}
            onChange={(e) => {
              setSort(e.currentTarget.value as SortKey);
              setPage(1);
            }}
          >
            <option value="created">newest</option>
            <option value="name">name</option>
            <option value="expires">expiry</option>
            <option value="last_used">last used</option>
          </select>
        </div>
        <div class="field">
          <label for="per-page">Per page</label>
          <select
            id="per-page"
            value={String(perPage)}
            onChange={(e) => {
              setPerPage(Number(e.currentTarget.value));
              setPage(1);
            }}
          >
            {[10, 25, 50, 100].map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </form>
      <ErrorBox failure={list.failure} />
      {notice !== '' && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {list.data !== null && (
        <>
          <DataTable
            caption="Tokens"
            columns={[
              'Name',
              'Status',
              { label: 'Type', wide: true },
              'Role',
              'Expires',
              { label: 'Last used', wide: true },
            ]}
            after={list.data.data.length === 0 && <p class="muted">No token matches.</p>}
          >
            {list.data.data.map((token) => (
              <tr key={token.id}>
                <td>
                  <Link to={`/tokens/${encodeURIComponent(token.id)}`}>{token.name}</Link>
                  <div class="muted small">{token.hint}</div>
                </td>
                <td>
                  <Status status={token.status} />
                </td>
                <td class="wide-only">
                  {token.type} · {token.kind}
                </td>
                <td>{token.effective_role ?? '—'}</td>
                <td>{formatTime(token.expires_at)}</td>
                <td class="wide-only">{formatTime(token.last_used_at)}</td>
              </tr>
            ))}
          </DataTable>
          <Pager pagination={list.data.pagination} page={page} onPage={setPage} noun="tokens" />
          <div class="actions">
            <button type="button" class="danger" onClick={() => setConfirming(true)}>
              Revoke all matching
            </button>
          </div>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title="Revoke every matching token?"
          confirm="Revoke tokens"
          busy={bulk.busy}
          failure={bulk.failure}
          onConfirm={revokeMatching}
          onCancel={() => {
            setConfirming(false);
            bulk.clear();
          }}
        >
          <p>
            Every token these filters match ({list.data?.pagination.total_items ?? 0}) that you may revoke
            stops working now. The token you signed in with is spared. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
