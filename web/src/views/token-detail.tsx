// One token: every field, its usage (24 h and 30 days by outcome), advice, audit trail, and the
// actions: edit, rotate with a grace period, disable/enable, revoke.
import type { Token, TokenMergePatch } from '@tessera/client';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { UsageChart } from '../chart.js';
import { useAction, useLoad } from '../data.js';
import { Link } from '../router.js';
import {
  ConfirmDialog,
  Dialog,
  ErrorBox,
  formatTime,
  isoFromLocal,
  Json,
  listOf,
  SecretDialog,
  Status,
} from '../ui.js';

const GRACE: readonly { label: string; ms: number }[] = [
  { label: 'none', ms: 0 },
  { label: '10 minutes', ms: 600_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '1 day', ms: 86_400_000 },
];

function text(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function Fields({ token }: { token: Token }) {
  const rows: [string, unknown][] = [
    ['Id', token.id],
    ['Serial', token.serial],
    ['Hint', token.hint],
    ['Description', token.description],
    ['Status', token.status],
    ['Active', token.is_active],
    ['Type', token.type],
    ['Kind', token.kind],
    ['Lifetime', token.lifetime],
    ['Service', token.service],
    ['Canary', token.canary],
    ['Imported', token.imported],
    ['Owner', token.owner_id],
    ['Tenant', token.tenant_id],
    ['Space', token.space],
    ['Role', token.role],
    ['Effective role', token.effective_role],
    ['Scopes', token.scopes],
    ['Custom roles', token.custom_roles],
    ['Allowed CIDRs', token.allowed_cidrs],
    [
      'Rate limit',
      token.rate_limit === null ? null : `${token.rate_limit.limit} per ${token.rate_limit.window_seconds} s`,
    ],
    ['Max uses', token.max_uses],
    ['Remaining uses', token.remaining_uses],
    ['Default API version', token.default_api_version],
    ['Created', formatTime(token.created_at)],
    ['Updated', formatTime(token.updated_at)],
    ['Not before', token.not_before && formatTime(token.not_before)],
    ['Expires', token.expires_at && formatTime(token.expires_at)],
    [
      'Previous secret valid until',
      token.previous_secret_expires_at && formatTime(token.previous_secret_expires_at),
    ],
    ['Revoked', token.revoked_at && formatTime(token.revoked_at)],
    ['Revoked because', token.revoked_reason],
    ['Last used', token.last_used_at && formatTime(token.last_used_at)],
    ['Last used from', token.last_used_ip],
    ['Last user agent', token.last_used_user_agent],
  ];
  return (
    <>
      <dl class="fields">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{text(value)}</dd>
          </div>
        ))}
      </dl>
      <h3>Metadata</h3>
      {Object.keys(token.metadata ?? {}).length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <dl class="fields">
          {Object.entries(token.metadata ?? {}).map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {token.policy !== null && (
        <>
          <h3>Policy</h3>
          <Json value={token.policy} />
        </>
      )}
    </>
  );
}

function metadataText(metadata: Token['metadata']): string {
  return Object.entries(metadata ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n');
}

/** "k=v" lines → an object; a line without "=" is an error the form shows. */
export function parseMetadata(textValue: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const line of textValue.split('\n')) {
    if (line.trim() === '') continue;
    const at = line.indexOf('=');
    if (at <= 0) return `metadata line "${line.slice(0, 40)}" is not key=value`;
    out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}

function EditForm({
  token,
  etag,
  onSaved,
  onCancel,
}: {
  token: Token;
  etag: string | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { client } = useSession();
  const [name, setName] = useState(token.name);
  const [description, setDescription] = useState(token.description ?? '');
  const [scopes, setScopes] = useState(token.scopes.join(' '));
  const [metadata, setMetadata] = useState(metadataText(token.metadata));
  const [maxUses, setMaxUses] = useState(token.max_uses === null ? '' : String(token.max_uses));
  const [expires, setExpires] = useState('');
  const [invalid, setInvalid] = useState('');
  const save = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const parsed = parseMetadata(metadata);
    if (name.trim() === '') return setInvalid('Name is required');
    if (typeof parsed === 'string') return setInvalid(parsed);
    if (maxUses !== '' && !/^[1-9]\d*$/.test(maxUses))
      return setInvalid('Max uses must be a positive whole number');
    setInvalid('');
    const changes: TokenMergePatch = {
      name: name.trim(),
      description: description.trim() === '' ? null : description,
      scopes: listOf(scopes),
      metadata: parsed,
      max_uses: maxUses === '' ? null : Number(maxUses),
    };
    const at = isoFromLocal(expires);
    if (at !== undefined) changes.expires_at = at;
    const done = await save.run(() =>
      client.tokens.update(token.id, changes, etag === null ? {} : { ifMatch: etag }),
    );
    if (done !== undefined) onSaved();
  };
  return (
    <form class="panel" onSubmit={submit} aria-label="Edit token">
      <h2>Edit</h2>
      <div class="field">
        <label for="e-name">Name</label>
        <input id="e-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="e-description">Description</label>
        <textarea
          id="e-description"
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="e-scopes">Scopes (space or comma separated)</label>
        <input id="e-scopes" value={scopes} onInput={(e) => setScopes(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="e-metadata">Metadata (key=value, one a line)</label>
        <textarea id="e-metadata" value={metadata} onInput={(e) => setMetadata(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="e-max-uses">Max uses</label>
        <input
          id="e-max-uses"
          inputMode="numeric"
          value={maxUses}
          onInput={(e) => setMaxUses(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for="e-expires">New expiry (leave empty to keep)</label>
        <input
          id="e-expires"
          type="datetime-local"
          value={expires}
          onInput={(e) => setExpires(e.currentTarget.value)}
        />
      </div>
      {invalid !== '' && (
        <p class="error" role="alert">
          {invalid}
        </p>
      )}
      <ErrorBox failure={save.failure} />
      <div class="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={save.busy}>
          Save
        </button>
      </div>
    </form>
  );
}

function Usage({ id }: { id: string }) {
  const { client } = useSession();
  const usage = useLoad(async () => {
    const now = Date.now();
    const [day, month] = await Promise.all([
      client.tokens.usage(id, { granularity: 'hour', from: new Date(now - 24 * 3_600_000).toISOString() }),
      client.tokens.usage(id, { granularity: 'day', from: new Date(now - 30 * 86_400_000).toISOString() }),
    ]);
    return { day, month };
  }, id);
  return (
    <section aria-labelledby="usage-title">
      <div class="title-row">
        <h2 id="usage-title">Usage</h2>
        <button type="button" onClick={usage.reload}>
          Refresh usage
        </button>
      </div>
      <ErrorBox failure={usage.failure} />
      {usage.data !== null && (
        <div class="charts">
          <UsageChart usage={usage.data.day} title="Last 24 hours" />
          <UsageChart usage={usage.data.month} title="Last 30 days" />
        </div>
      )}
    </section>
  );
}

function Advice({ id }: { id: string }) {
  const { client } = useSession();
  const advice = useLoad(() => client.tokens.advice(id), id);
  return (
    <section aria-labelledby="advice-title">
      <h2 id="advice-title">Advice</h2>
      <ErrorBox failure={advice.failure} />
      {advice.data !== null && (
        <>
          <p class="muted">
            From the verifications of the last {advice.data.days} days ({advice.data.precision}).
          </p>
          <h3>Used grants</h3>
          {advice.data.used.length === 0 ? (
            <p class="muted">None observed.</p>
          ) : (
            <ul>
              {advice.data.used.map((grant) => (
                <li key={grant.key}>
                  {grant.key} ({grant.source}): {grant.uses} uses
                </li>
              ))}
            </ul>
          )}
          <h3>Never used</h3>
          {advice.data.unused.length === 0 ? (
            <p class="muted">None.</p>
          ) : (
            <ul>
              {advice.data.unused.map((grant) => (
                <li key={grant.key}>
                  {grant.key} ({grant.source})
                </li>
              ))}
            </ul>
          )}
          <h3>Suggested permissions</h3>
          <Json value={advice.data.suggested} />
        </>
      )}
    </section>
  );
}

function AuditTrail({ id }: { id: string }) {
  const { client } = useSession();
  const events = useLoad(() => client.auditEvents.list({ target_id: id, per_page: 20 }), id);
  return (
    <section aria-labelledby="trail-title">
      <h2 id="trail-title">Audit trail</h2>
      <ErrorBox failure={events.failure} />
      {events.data !== null && (
        <ul class="trail">
          {events.data.data.map((event) => (
            <li key={event.id}>
              <strong>{event.action}</strong> · {formatTime(event.occurred_at)} · by{' '}
              {event.actor_token_id ?? 'system'}
              {event.client_ip !== null && ` from ${event.client_ip}`}
            </li>
          ))}
          {events.data.data.length === 0 && <li class="muted">No events.</li>}
        </ul>
      )}
    </section>
  );
}

export function TokenDetailView({ id }: { id: string }) {
  const { client } = useSession();
  const loaded = useLoad(() => client.tokens.get(id).withResponse(), id);
  const [mode, setMode] = useState<'view' | 'edit' | 'rotate' | 'revoke'>('view');
  const [grace, setGrace] = useState('0');
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();
  const token = loaded.data?.data ?? null;
  const etag = loaded.data?.etag ?? null;
  const rotate = async () => {
    const ms = Number(grace);
    const rotated = await action.run(() =>
      client.tokens.rotate(id, ms === 0 ? {} : { expiry: Date.now() + ms }),
    );
    if (rotated === undefined) return;
    setMode('view');
    setSecret(rotated.secret);
    loaded.reload();
  };
  const revoke = async () => {
    if ((await action.run(() => client.tokens.revoke(id).then(() => true))) === undefined) return;
    setMode('view');
    loaded.reload();
  };
  const toggle = async (active: boolean) => {
    if ((await action.run(() => client.tokens.update(id, { is_active: active }))) !== undefined)
      loaded.reload();
  };
  return (
    <section>
      <p>
        <Link to="/">← Tokens</Link>
      </p>
      <ErrorBox failure={loaded.failure} />
      {token !== null && (
        <>
          <div class="title-row">
            <h1>{token.name}</h1>
            <Status status={token.status} />
          </div>
          {token.revoked_at === null && (
            <div class="actions">
              <button type="button" onClick={() => setMode('edit')}>
                Edit
              </button>
              <button type="button" onClick={() => setMode('rotate')}>
                Rotate
              </button>
              <button type="button" onClick={() => toggle(!token.is_active)} disabled={action.busy}>
                {token.is_active ? 'Disable' : 'Enable'}
              </button>
              <button type="button" class="danger" onClick={() => setMode('revoke')}>
                Revoke
              </button>
            </div>
          )}
          {mode === 'view' && <ErrorBox failure={action.failure} />}
          {mode === 'edit' && (
            <EditForm
              token={token}
              etag={etag}
              onCancel={() => setMode('view')}
              onSaved={() => {
                setMode('view');
                loaded.reload();
              }}
            />
          )}
          <div class="detail-grid">
            <section aria-labelledby="fields-title">
              <h2 id="fields-title">Details</h2>
              <Fields token={token} />
            </section>
            <div>
              <Usage id={id} />
              <Advice id={id} />
              <AuditTrail id={`${id}`} key={token.updated_at} />
            </div>
          </div>
        </>
      )}
      {mode === 'rotate' && (
        <Dialog title="Rotate the secret" onClose={() => setMode('view')}>
          <p>
            The token keeps its id and settings and gets a new secret. The old one works for the grace period.
          </p>
          <div class="field">
            <label for="grace">Grace period</label>
            <select id="grace" value={grace} onChange={(e) => setGrace(e.currentTarget.value)}>
              {GRACE.map((option) => (
                <option key={option.label} value={String(option.ms)}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          <ErrorBox failure={action.failure} />
          <div class="actions">
            <button type="button" onClick={() => setMode('view')}>
              Cancel
            </button>
            <button type="button" class="primary" disabled={action.busy} onClick={rotate}>
              Rotate
            </button>
          </div>
        </Dialog>
      )}
      {mode === 'revoke' && token !== null && (
        <ConfirmDialog
          title={`Revoke ${token.name}?`}
          confirm="Revoke token"
          busy={action.busy}
          failure={action.failure}
          onConfirm={revoke}
          onCancel={() => setMode('view')}
        >
          <p>The token stops working now, for good. Its record stays for the audit trail.</p>
        </ConfirmDialog>
      )}
      {secret !== null && (
        <SecretDialog secret={secret} what="the rotated token" onDone={() => setSecret(null)} />
      )}
    </section>
  );
}
