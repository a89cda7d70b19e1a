// Webhooks: endpoints that receive the tenant's lifecycle events, and each one's deliveries.
import type { CreateWebhookRequest } from '@tessera/client';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useAction, useLoad } from '../data.js';
import { Link, navigate } from '../router.js';
import { DataTable, ErrorBox, formatTime, listOf, Pager, SecretDialog } from '../ui.js';

export function WebhooksView() {
  const { client } = useSession();
  const [page, setPage] = useState(1);
  const list = useLoad(() => client.webhooks.list({ page, per_page: 25 }), String(page));
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('*');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      url: url.trim(),
      events: listOf(events) as CreateWebhookRequest['events'],
      ...(description.trim() === '' ? {} : { description }),
    };
    const created = await action.run(() => client.webhooks.create(body));
    if (created === undefined) return;
    setUrl('');
    setDescription('');
    setSecret(created.secret);
    list.reload();
  };
  return (
    <section>
      <h1>Webhooks</h1>
      <form class="panel inline" onSubmit={submit} aria-label="Add webhook">
        <h2>Add an endpoint</h2>
        <div class="field grow">
          <label for="w-url">URL</label>
          <input id="w-url" type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="w-events">Events</label>
          <input
            id="w-events"
            value={events}
            onInput={(e) => setEvents(e.currentTarget.value)}
            aria-describedby="w-events-hint"
          />
          <span id="w-events-hint" class="muted small">
            * for all, or e.g. token.created token.revoked
          </span>
        </div>
        <div class="field">
          <label for="w-description">Description</label>
          <input
            id="w-description"
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary" disabled={action.busy}>
          Add webhook
        </button>
        <ErrorBox failure={action.failure} />
      </form>
      <ErrorBox failure={list.failure} />
      {list.data !== null && (
        <>
          <ul class="cards">
            {list.data.data.map((hook) => (
              <li key={hook.id} class="card">
                <h3>
                  <Link to={`/webhooks/${encodeURIComponent(hook.id)}`}>{hook.url}</Link>
                </h3>
                <p class="muted small">
                  {hook.is_active
                    ? 'active'
                    : `disabled${hook.disabled_reason ? `: ${hook.disabled_reason}` : ''}`}{' '}
                  · {hook.events.join(', ')}
                </p>
                {hook.description !== null && <p>{hook.description}</p>}
              </li>
            ))}
          </ul>
          {list.data.data.length === 0 && <p class="muted">No endpoints yet.</p>}
          <Pager pagination={list.data.pagination} page={page} onPage={setPage} noun="webhooks" />
        </>
      )}
      {secret !== null && (
        <SecretDialog secret={secret} what="the endpoint's signing key" onDone={() => setSecret(null)} />
      )}
    </section>
  );
}

export function WebhookDetailView({ id }: { id: string }) {
  const { client } = useSession();
  const hook = useLoad(() => client.webhooks.get(id), id);
  const [page, setPage] = useState(1);
  const deliveries = useLoad(() => client.webhooks.deliveries(id, { page, per_page: 25 }), `${id}-${page}`);
  const action = useAction();
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => {
    hook.reload();
    deliveries.reload();
  };
  const sendTest = async () => {
    if ((await action.run(() => client.webhooks.test(id))) !== undefined) deliveries.reload();
  };
  const toggle = async (active: boolean) => {
    if ((await action.run(() => client.webhooks.update(id, { is_active: active }))) !== undefined)
      hook.reload();
  };
  const rotate = async () => {
    const rotated = await action.run(() => client.webhooks.rotateSecret(id));
    if (rotated !== undefined) setSecret(rotated.secret);
  };
  const remove = async () => {
    if ((await action.run(() => client.webhooks.remove(id).then(() => true))) !== undefined)
      navigate('/webhooks');
  };
  return (
    <section>
      <p>
        <Link to="/webhooks">← Webhooks</Link>
      </p>
      <ErrorBox failure={hook.failure} />
      {hook.data !== null && (
        <>
          <h1 class="break">{hook.data.url}</h1>
          <p class="muted">
            {hook.data.is_active ? 'Active' : 'Disabled'} · events: {hook.data.events.join(', ')} · created{' '}
            {formatTime(hook.data.created_at)}
          </p>
          {hook.data.description !== null && <p>{hook.data.description}</p>}
          <div class="actions">
            <button type="button" class="primary" onClick={sendTest} disabled={action.busy}>
              Send test event
            </button>
            <button type="button" onClick={refresh}>
              Refresh
            </button>
            <button type="button" onClick={() => toggle(!hook.data?.is_active)} disabled={action.busy}>
              {hook.data.is_active ? 'Disable' : 'Enable'}
            </button>
            <button type="button" onClick={rotate} disabled={action.busy}>
              Rotate signing key
            </button>
            <button type="button" class="danger" onClick={remove} disabled={action.busy}>
              Delete webhook
            </button>
          </div>
          <ErrorBox failure={action.failure} />
        </>
      )}
      <h2>Deliveries</h2>
      <ErrorBox failure={deliveries.failure} />
      {deliveries.data !== null && (
        <>
          <DataTable
            caption="Deliveries"
            columns={['Event', 'Status', 'Attempts', 'Created']}
            after={deliveries.data.data.length === 0 && <p class="muted">No deliveries yet.</p>}
          >
            {deliveries.data.data.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  {delivery.event_type}
                  <div class="muted small">{delivery.event_id}</div>
                </td>
                <td>
                  <span class={`badge badge-${delivery.status}`}>{delivery.status}</span>
                </td>
                <td>
                  {delivery.attempts.length === 0
                    ? '—'
                    : delivery.attempts
                        .map((a) => `${a.status ?? a.error ?? 'no answer'} in ${a.duration_ms} ms`)
                        .join('; ')}
                </td>
                <td>{formatTime(delivery.created_at)}</td>
              </tr>
            ))}
          </DataTable>
          <Pager pagination={deliveries.data.pagination} page={page} onPage={setPage} noun="deliveries" />
        </>
      )}
      {secret !== null && (
        <SecretDialog secret={secret} what="the new signing key" onDone={() => setSecret(null)} />
      )}
    </section>
  );
}
