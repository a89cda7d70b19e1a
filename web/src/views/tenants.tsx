// Tenants (operators only): create one (its first owner token shown once), suspend or resume it.
import type { Tenant } from '@tessera/client';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useAction, useLoad } from '../data.js';
import { DataTable, ErrorBox, formatTime, Pager, SecretDialog } from '../ui.js';

export function TenantsView() {
  const { client } = useSession();
  const [page, setPage] = useState(1);
  const list = useLoad(() => client.tenants.list({ page, per_page: 25 }), String(page));
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { name: name.trim(), ...(email.trim() === '' ? {} : { owner_email: email.trim() }) };
    const created = await action.run(() => client.tenants.create(body));
    if (created === undefined) return;
    setName('');
    setEmail('');
    setSecret(created.owner_token.secret);
    list.reload();
  };
  const suspend = async (tenant: Tenant) => {
    const done = await action.run(() => client.tenants.update(tenant.id, { suspended: !tenant.suspended }));
    if (done !== undefined) list.reload();
  };
  return (
    <section>
      <h1>Tenants</h1>
      <form class="panel inline" onSubmit={submit} aria-label="Create tenant">
        <h2>Create a tenant</h2>
        <div class="field">
          <label for="t-name">Name</label>
          <input id="t-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="t-email">Owner email (optional)</label>
          <input id="t-email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary" disabled={action.busy}>
          Create tenant
        </button>
      </form>
      <ErrorBox failure={action.failure ?? list.failure} />
      {list.data !== null && (
        <>
          <DataTable
            caption="Tenants"
            columns={['Name', 'State', 'Created', { label: 'Actions', hidden: true }]}
          >
            {list.data.data.map((tenant) => (
              <tr key={tenant.id}>
                <td>
                  {tenant.name}
                  <div class="muted small">{tenant.id}</div>
                </td>
                <td>
                  {tenant.is_operator
                    ? 'operator'
                    : tenant.suspended
                      ? `suspended ${formatTime(tenant.suspended_at)}`
                      : 'active'}
                </td>
                <td>{formatTime(tenant.created_at)}</td>
                <td>
                  {!tenant.is_operator && (
                    <button
                      type="button"
                      onClick={() => suspend(tenant)}
                      aria-label={`${tenant.suspended ? 'Resume' : 'Suspend'} ${tenant.name}`}
                    >
                      {tenant.suspended ? 'Resume' : 'Suspend'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          <Pager pagination={list.data.pagination} page={page} onPage={setPage} noun="tenants" />
        </>
      )}
      {secret !== null && (
        <SecretDialog secret={secret} what="the tenant's first owner token" onDone={() => setSecret(null)} />
      )}
    </section>
  );
}
