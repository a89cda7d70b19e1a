// Spaces: named parts of the tenant a space token is confined to.
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useAction, useLoad } from '../data.js';
import { DataTable, ErrorBox, formatTime, Pager } from '../ui.js';

export function SpacesView() {
  const { client } = useSession();
  const [page, setPage] = useState(1);
  const list = useLoad(() => client.spaces.list({ page, per_page: 25 }), String(page));
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      key: key.trim(),
      name: name.trim(),
      ...(description.trim() === '' ? {} : { description }),
    };
    if ((await action.run(() => client.spaces.create(body))) === undefined) return;
    setKey('');
    setName('');
    setDescription('');
    list.reload();
  };
  const remove = async (spaceKey: string) => {
    if ((await action.run(() => client.spaces.remove(spaceKey).then(() => true))) !== undefined)
      list.reload();
  };
  return (
    <section>
      <h1>Spaces</h1>
      <form class="panel inline" onSubmit={submit} aria-label="Create space">
        <h2>Create a space</h2>
        <div class="field">
          <label for="s-key">Key</label>
          <input id="s-key" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="s-name">Name</label>
          <input id="s-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="s-description">Description</label>
          <input
            id="s-description"
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary" disabled={action.busy}>
          Create space
        </button>
      </form>
      <ErrorBox failure={action.failure ?? list.failure} />
      {list.data !== null && (
        <>
          <DataTable
            caption="Spaces"
            columns={['Key', 'Name', 'Description', 'Created', { label: 'Actions', hidden: true }]}
            after={list.data.data.length === 0 && <p class="muted">No spaces yet.</p>}
          >
            {list.data.data.map((space) => (
              <tr key={space.key}>
                <td>{space.key}</td>
                <td>{space.name}</td>
                <td>{space.description ?? '—'}</td>
                <td>{formatTime(space.created_at)}</td>
                <td>
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete space ${space.key}`}
                    onClick={() => remove(space.key)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
          <Pager pagination={list.data.pagination} page={page} onPage={setPage} noun="spaces" />
        </>
      )}
    </section>
  );
}
