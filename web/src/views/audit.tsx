// The audit log: who did what to which object, filtered as the API allows.
import type { ListAuditEventsQuery } from '@tessera/client';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useLoad } from '../data.js';
import { DataTable, ErrorBox, formatTime, isoFromLocal, Pager } from '../ui.js';

export function AuditView() {
  const { client } = useSession();
  const [draft, setDraft] = useState({ action: '', target_id: '', actor_token_id: '', since: '', until: '' });
  const [applied, setApplied] = useState(draft);
  const [page, setPage] = useState(1);
  const query: ListAuditEventsQuery = {};
  for (const key of ['action', 'target_id', 'actor_token_id'] as const)
    if (applied[key].trim() !== '') query[key] = applied[key].trim();
  const since = isoFromLocal(applied.since);
  const until = isoFromLocal(applied.until);
  if (since !== undefined) query.since = since;
  if (until !== undefined) query.until = until;
  const list = useLoad(
    () => client.auditEvents.list({ ...query, page, per_page: 25 }),
    JSON.stringify([query, page]),
  );
  const input = (key: keyof typeof draft, label: string, when = false) => {
    const onInput = (e: { currentTarget: HTMLInputElement }) =>
      setDraft({ ...draft, [key]: e.currentTarget.value });
    return (
      <div class="field">
        <label for={`a-${key}`}>{label}</label>
        {when ? (
          <input id={`a-${key}`} type="datetime-local" value={draft[key]} onInput={onInput} />
        ) : (
          <input id={`a-${key}`} value={draft[key]} onInput={onInput} />
        )}
      </div>
    );
  };
  return (
    <section>
      <h1>Audit log</h1>
      <form
        class="filters"
        aria-label="Audit filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
          setPage(1);
        }}
      >
        {input('action', 'Action')}
        {input('target_id', 'Target id')}
        {input('actor_token_id', 'Actor token id')}
        {input('since', 'Since', true)}
        {input('until', 'Until', true)}
        <div class="field">
          <button type="submit" class="primary">
            Apply filters
          </button>
        </div>
      </form>
      <ErrorBox failure={list.failure} />
      {list.data !== null && (
        <>
          <DataTable
            caption="Audit events"
            columns={['When', 'Action', 'Target', 'Actor', 'From', 'Details']}
            after={list.data.data.length === 0 && <p class="muted">No events match.</p>}
          >
            {list.data.data.map((event) => (
              <tr key={event.id}>
                <td>{formatTime(event.occurred_at)}</td>
                <td>{event.action}</td>
                <td>
                  {event.target_type} {event.target_id}
                </td>
                <td>{event.actor_token_id ?? 'system'}</td>
                <td>
                  {event.client_ip ?? '—'}
                  <div class="muted small">{event.request_id ?? ''}</div>
                </td>
                <td class="details">{JSON.stringify(event.details)}</td>
              </tr>
            ))}
          </DataTable>
          <Pager pagination={list.data.pagination} page={page} onPage={setPage} noun="events" />
        </>
      )}
    </section>
  );
}
