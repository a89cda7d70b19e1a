// Members: the people of the tenant. Add one (their first token's secret shown once), change a role
// (their tokens narrow on the next request), remove one.
import type { Member } from '@tessera/client';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useAction, useLoad } from '../data.js';
import { ConfirmDialog, DataTable, ErrorBox, formatTime, Pager, SecretDialog } from '../ui.js';

const ROLES = ['reader', 'writer', 'admin', 'owner'] as const;
type RoleName = (typeof ROLES)[number];

function MemberRow({ member, onChanged }: { member: Member; onChanged: () => void }) {
  const { client } = useSession();
  const [role, setRole] = useState<RoleName>(member.role);
  const [removing, setRemoving] = useState(false);
  const action = useAction();
  const save = async () => {
    if ((await action.run(() => client.members.update(member.id, { role }))) !== undefined) onChanged();
  };
  const remove = async () => {
    if ((await action.run(() => client.members.remove(member.id).then(() => true))) !== undefined)
      onChanged();
  };
  return (
    <tr>
      <td>
        {member.email}
        <div class="muted small">{member.name ?? ''}</div>
      </td>
      <td>
        <select
          aria-label={`Role of ${member.email}`}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as RoleName)}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>{' '}
        <button
          type="button"
          disabled={role === member.role || action.busy}
          onClick={save}
          aria-label={`Save role of ${member.email}`}
        >
          Save role
        </button>
        {!removing && <ErrorBox failure={action.failure} />}
      </td>
      <td>{formatTime(member.created_at)}</td>
      <td>
        <button
          type="button"
          class="danger"
          onClick={() => setRemoving(true)}
          aria-label={`Remove ${member.email}`}
        >
          Remove
        </button>
        {removing && (
          <ConfirmDialog
            title={`Remove ${member.email}?`}
            confirm="Remove member"
            busy={action.busy}
            failure={action.failure}
            onConfirm={remove}
            onCancel={() => setRemoving(false)}
          >
            <p>Their personal tokens stop working at once; service tokens live on.</p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}

export function MembersView() {
  const { client } = useSession();
  const [page, setPage] = useState(1);
  const list = useLoad(() => client.members.list({ page, per_page: 25 }), String(page));
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<RoleName>('reader');
  const [secret, setSecret] = useState<string | null>(null);
  const add = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { email: email.trim(), role, ...(name.trim() === '' ? {} : { name: name.trim() }) };
    const created = await add.run(() => client.members.create(body));
    if (created === undefined) return;
    setEmail('');
    setName('');
    setSecret(created.token.secret);
    list.reload();
  };
  return (
    <section>
      <h1>Members</h1>
      <form class="panel inline" onSubmit={submit} aria-label="Add member">
        <h2>Add a member</h2>
        <div class="field">
          <label for="m-email">Email</label>
          <input
            id="m-email"
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="m-name">Name (optional)</label>
          <input id="m-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="m-role">Role</label>
          <select id="m-role" value={role} onChange={(e) => setRole(e.currentTarget.value as RoleName)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary" disabled={add.busy}>
          Add member
        </button>
        <ErrorBox failure={add.failure} />
      </form>
      <ErrorBox failure={list.failure} />
      {list.data !== null && (
        <>
          <DataTable
            caption="Members"
            columns={['Member', 'Role', 'Added', { label: 'Actions', hidden: true }]}
          >
            {list.data.data.map((member) => (
              <MemberRow key={`${member.id}-${member.role}`} member={member} onChanged={list.reload} />
            ))}
          </DataTable>
          <Pager pagination={list.data.pagination} page={page} onPage={setPage} noun="members" />
        </>
      )}
      {secret !== null && (
        <SecretDialog secret={secret} what="the member's first token" onDone={() => setSecret(null)} />
      )}
    </section>
  );
}
