// Roles: custom roles, each a named policy. The editor checks a policy as the server does (the same
// statement shape: effect, actions | not_actions, resources | not_resources) and shows what it grants.
import type { Role } from '@tessera/client';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useAction, useLoad } from '../data.js';
import { ErrorBox, Pager } from '../ui.js';

interface Statement {
  effect: 'allow' | 'deny';
  actions?: string[];
  not_actions?: string[];
  resources?: string[];
  not_resources?: string[];
}

const KEYS = new Set(['effect', 'actions', 'not_actions', 'resources', 'not_resources']);

/** The statements of a policy text, or what is wrong with it (mirroring the server's parsePolicy). */
export function checkPolicy(text: string): Statement[] | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (!Array.isArray(value) || value.length === 0) return 'a policy is a non-empty JSON array of statements';
  for (const [index, statement] of value.entries()) {
    const where = `statement ${index}`;
    if (typeof statement !== 'object' || statement === null || Array.isArray(statement))
      return `${where} must be an object`;
    const unknown = Object.keys(statement).find((key) => !KEYS.has(key));
    if (unknown !== undefined) return `${where} has an unknown field "${unknown}"`;
    const s = statement as Record<string, unknown>;
    if (s.effect !== 'allow' && s.effect !== 'deny') return `${where}: effect must be allow or deny`;
    if ((s.actions === undefined) === (s.not_actions === undefined))
      return `${where} needs exactly one of actions and not_actions`;
    if ((s.resources === undefined) === (s.not_resources === undefined))
      return `${where} needs exactly one of resources and not_resources`;
    for (const key of ['actions', 'not_actions', 'resources', 'not_resources']) {
      const list = s[key];
      if (list === undefined) continue;
      if (
        !Array.isArray(list) ||
        list.length === 0 ||
        !list.every((item) => typeof item === 'string' && item !== '')
      )
        return `${where}: ${key} must be a non-empty list of non-empty strings`;
    }
  }
  return value as Statement[];
}

function Grants({ statements }: { statements: Statement[] }) {
  return (
    <table class="grants">
      <caption>Effective grants</caption>
      <thead>
        <tr>
          <th scope="col">Effect</th>
          <th scope="col">Actions</th>
          <th scope="col">Resources</th>
        </tr>
      </thead>
      <tbody>
        {statements.map((s, i) => (
          <tr key={i}>
            <td class={s.effect === 'deny' ? 'deny' : 'allow'}>{s.effect}</td>
            <td>{s.actions ? s.actions.join(', ') : `everything but ${s.not_actions?.join(', ')}`}</td>
            <td>{s.resources ? s.resources.join(', ') : `everything but ${s.not_resources?.join(', ')}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const EXAMPLE = JSON.stringify(
  [{ effect: 'allow', actions: ['orders:read'], resources: ['orders/*'] }],
  null,
  2,
);

export function RolesView() {
  const { client } = useSession();
  const [page, setPage] = useState(1);
  const list = useLoad(() => client.roles.list({ page, per_page: 25 }), String(page));
  const [editing, setEditing] = useState<Role | null>(null);
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [policy, setPolicy] = useState(EXAMPLE);
  const action = useAction();
  const checked = checkPolicy(policy);
  const edit = (role: Role | null) => {
    setEditing(role);
    setKey(role?.key ?? '');
    setName(role?.name ?? '');
    setPolicy(role === null ? EXAMPLE : JSON.stringify(role.policy, null, 2));
    action.clear();
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    if (typeof checked === 'string') return;
    const saved = await action.run(() =>
      editing === null
        ? client.roles.create({ key: key.trim(), name: name.trim(), policy: checked })
        : client.roles.update(editing.key, { name: name.trim(), policy: checked }),
    );
    if (saved === undefined) return;
    edit(null);
    list.reload();
  };
  const remove = async (roleKey: string) => {
    if ((await action.run(() => client.roles.remove(roleKey).then(() => true))) !== undefined) list.reload();
  };
  return (
    <section>
      <h1>Roles</h1>
      <form class="panel" onSubmit={submit} aria-label="Role editor">
        <h2>{editing === null ? 'Create a role' : `Edit ${editing.key}`}</h2>
        <div class="field">
          <label for="r-key">Key</label>
          <input
            id="r-key"
            required
            disabled={editing !== null}
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="r-name">Name</label>
          <input id="r-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="r-policy">Policy (JSON)</label>
          <textarea
            id="r-policy"
            class="code"
            rows={8}
            spellcheck={false}
            aria-invalid={typeof checked === 'string' ? 'true' : undefined}
            aria-describedby="r-policy-check"
            value={policy}
            onInput={(e) => setPolicy(e.currentTarget.value)}
          />
          <span id="r-policy-check" class={typeof checked === 'string' ? 'field-error' : 'muted small'}>
            {typeof checked === 'string'
              ? checked
              : `Valid: ${checked.length} statement${checked.length === 1 ? '' : 's'}`}
          </span>
        </div>
        {typeof checked !== 'string' && <Grants statements={checked} />}
        <ErrorBox failure={action.failure} />
        <div class="actions">
          {editing !== null && (
            <button type="button" onClick={() => edit(null)}>
              Cancel
            </button>
          )}
          <button type="submit" class="primary" disabled={action.busy || typeof checked === 'string'}>
            {editing === null ? 'Create role' : 'Save role'}
          </button>
        </div>
      </form>
      <ErrorBox failure={list.failure} />
      {list.data !== null && (
        <>
          <ul class="cards">
            {list.data.data.map((role) => (
              <li key={role.key} class="card">
                <h3>
                  {role.name} <span class="muted small">{role.key}</span>
                </h3>
                {role.description !== null && <p>{role.description}</p>}
                <Grants statements={role.policy as Statement[]} />
                <div class="actions">
                  <button type="button" aria-label={`Edit role ${role.key}`} onClick={() => edit(role)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete role ${role.key}`}
                    onClick={() => remove(role.key)}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {list.data.data.length === 0 && <p class="muted">No custom roles yet.</p>}
          <Pager pagination={list.data.pagination} page={page} onPage={setPage} noun="roles" />
        </>
      )}
    </section>
  );
}
