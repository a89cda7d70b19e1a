// Create a token: every field of the create request, validated as the server does before it is sent
// (and the server's own refusal shown at the field it names). Name alone is enough.
import type { CreateTokenRequest } from '@tessera/client';
import { cloneElement, type JSX } from 'preact';
import { useState } from 'preact/hooks';
import { useSession } from '../app-context.js';
import { useAction } from '../data.js';
import { Link, navigate } from '../router.js';
import { ErrorBox, isoFromLocal, listOf, SecretDialog } from '../ui.js';
import { parseMetadata } from './token-detail.js';

type Form = Record<
  | 'name'
  | 'description'
  | 'type'
  | 'lifetime'
  | 'ttl'
  | 'expires_at'
  | 'not_before'
  | 'role'
  | 'scopes'
  | 'metadata'
  | 'max_uses'
  | 'default_api_version'
  | 'kind'
  | 'space'
  | 'policy'
  | 'custom_roles'
  | 'rate_limit'
  | 'rate_window'
  | 'allowed_cidrs',
  string
> & { service: boolean; canary: boolean };

const START: Form = {
  name: '',
  description: '',
  type: '',
  lifetime: '',
  ttl: '',
  expires_at: '',
  not_before: '',
  role: '',
  scopes: '',
  metadata: '',
  max_uses: '',
  default_api_version: '',
  kind: '',
  space: '',
  policy: '',
  custom_roles: '',
  rate_limit: '',
  rate_window: '',
  allowed_cidrs: '',
  service: false,
  canary: false,
};

const WHOLE = /^[1-9]\d*$/;
const CIDR = /^(?:\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?|[0-9a-fA-F:]+(?:\/\d{1,3})?)$/;

/** The request for the form, or the field errors (keyed by field) that stop it being sent. */
function build(form: Form): { body: CreateTokenRequest } | { errors: Partial<Record<keyof Form, string>> } {
  const errors: Partial<Record<keyof Form, string>> = {};
  const body: Record<string, unknown> = {};
  if (form.name.trim() === '') errors.name = 'Name is required';
  else if (form.name.length > 200) errors.name = 'Name is at most 200 characters';
  else body.name = form.name.trim();
  if (form.description.trim() !== '') body.description = form.description;
  for (const key of ['type', 'lifetime', 'role', 'kind'] as const)
    if (form[key] !== '') body[key] = form[key];
  if (form.space.trim() !== '') body.space = form.space.trim();
  if (form.kind === 'space' && form.space.trim() === '') errors.space = 'A space token needs a space';
  for (const key of ['ttl', 'max_uses', 'default_api_version'] as const) {
    if (form[key] === '') continue;
    if (!WHOLE.test(form[key])) errors[key] = 'A positive whole number';
    else body[key] = Number(form[key]);
  }
  if (form.lifetime === 'permanent' && (form.ttl !== '' || form.expires_at !== ''))
    errors.ttl = 'A permanent token has no TTL or expiry';
  if (form.ttl !== '' && form.expires_at !== '') errors.expires_at = 'Give a TTL or an expiry, not both';
  for (const key of ['expires_at', 'not_before'] as const) {
    if (form[key] === '') continue;
    const iso = isoFromLocal(form[key]);
    if (iso === undefined) errors[key] = 'Not a date and time';
    else body[key] = iso;
  }
  if (form.scopes.trim() !== '') body.scopes = listOf(form.scopes);
  if (form.custom_roles.trim() !== '') body.custom_roles = listOf(form.custom_roles);
  if (form.allowed_cidrs.trim() !== '') {
    const cidrs = listOf(form.allowed_cidrs);
    const bad = cidrs.find((cidr) => !CIDR.test(cidr));
    if (bad !== undefined) errors.allowed_cidrs = `${bad} is not an address or CIDR block`;
    else body.allowed_cidrs = cidrs;
  }
  if (form.metadata.trim() !== '') {
    const metadata = parseMetadata(form.metadata);
    if (typeof metadata === 'string') errors.metadata = metadata;
    else body.metadata = metadata;
  }
  if (form.policy.trim() !== '') {
    try {
      const policy = JSON.parse(form.policy) as unknown;
      if (!Array.isArray(policy)) errors.policy = 'A policy is a JSON array of statements';
      else body.policy = policy;
    } catch {
      errors.policy = 'Not valid JSON';
    }
  }
  if ((form.rate_limit === '') !== (form.rate_window === ''))
    errors.rate_limit = 'Give both the limit and the window';
  else if (form.rate_limit !== '') {
    if (!WHOLE.test(form.rate_limit) || !WHOLE.test(form.rate_window))
      errors.rate_limit = 'Positive whole numbers';
    else body.rate_limit = { limit: Number(form.rate_limit), window_seconds: Number(form.rate_window) };
  }
  if (form.service) body.service = true;
  if (form.canary) body.canary = true;
  return Object.keys(errors).length > 0 ? { errors } : { body: body as CreateTokenRequest };
}

export function CreateTokenView() {
  const { client } = useSession();
  const [form, setForm] = useState<Form>(START);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const action = useAction();
  const set = (key: keyof Form) => (event: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: event.currentTarget.value });
  const submit = async (event: Event) => {
    event.preventDefault();
    const built = build(form);
    if ('errors' in built) {
      setErrors(built.errors);
      const first = Object.keys(built.errors)[0];
      document.getElementById(`c-${first}`)?.focus();
      return;
    }
    setErrors({});
    const token = await action.run(() => client.tokens.create(built.body));
    if (token !== undefined) setCreated({ id: token.id, secret: token.secret });
  };
  // The server's refusal, at the field it names when it names one (its detail starts with the field).
  const serverField = action.failure?.detail.split(/[\s.[]/)[0];
  const field = (key: keyof Form, label: string, input: JSX.Element, hint?: string) => {
    const message = errors[key] ?? (serverField === key ? action.failure?.detail : undefined);
    return (
      <div class="field">
        <label for={`c-${key}`}>{label}</label>
        {cloneElement(input, {
          id: `c-${key}`,
          'aria-invalid': message !== undefined ? 'true' : undefined,
          'aria-describedby': message !== undefined ? `c-${key}-error` : hint ? `c-${key}-hint` : undefined,
        })}
        {hint && (
          <span class="muted small" id={`c-${key}-hint`}>
            {hint}
          </span>
        )}
        {message !== undefined && (
          <span class="field-error" id={`c-${key}-error`}>
            {message}
          </span>
        )}
      </div>
    );
  };
  const text = (key: keyof Form) => <input value={form[key] as string} onInput={set(key)} />;
  const choice = (key: keyof Form, options: string[]) => (
    <select value={form[key] as string} onChange={set(key)}>
      <option value="">default</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {option}
        </option>
      ))}
    </select>
  );
  return (
    <section>
      <p>
        <Link to="/">← Tokens</Link>
      </p>
      <h1>Create token</h1>
      <form class="panel create" onSubmit={submit} noValidate aria-label="Create token">
        {field('name', 'Name', text('name'))}
        {field(
          'description',
          'Description',
          <textarea value={form.description} onInput={set('description')} />,
        )}
        <fieldset>
          <legend>Kind and lifetime</legend>
          {field('type', 'Type', choice('type', ['api', 'session']))}
          {field('kind', 'Kind', choice('kind', ['account', 'space', 'manager']))}
          {field('space', 'Space (key)', text('space'), 'for a space token')}
          {field('lifetime', 'Lifetime', choice('lifetime', ['temporary', 'permanent']))}
          {field('ttl', 'TTL (seconds)', <input inputMode="numeric" value={form.ttl} onInput={set('ttl')} />)}
          {field(
            'expires_at',
            'Expires at',
            <input type="datetime-local" value={form.expires_at} onInput={set('expires_at')} />,
          )}
          {field(
            'not_before',
            'Not before',
            <input type="datetime-local" value={form.not_before} onInput={set('not_before')} />,
          )}
        </fieldset>
        <fieldset>
          <legend>Permissions</legend>
          {field('role', 'Role', choice('role', ['reader', 'writer', 'admin', 'owner']))}
          {field('scopes', 'Scopes', text('scopes'), 'space or comma separated, e.g. orders:read')}
          {field('custom_roles', 'Custom roles', text('custom_roles'), 'role keys, space or comma separated')}
          {field('policy', 'Policy (JSON)', <textarea value={form.policy} onInput={set('policy')} />)}
        </fieldset>
        <fieldset>
          <legend>Limits</legend>
          {field(
            'max_uses',
            'Max uses',
            <input inputMode="numeric" value={form.max_uses} onInput={set('max_uses')} />,
          )}
          {field(
            'rate_limit',
            'Rate limit (requests)',
            <input inputMode="numeric" value={form.rate_limit} onInput={set('rate_limit')} />,
          )}
          {field(
            'rate_window',
            'Rate window (seconds)',
            <input inputMode="numeric" value={form.rate_window} onInput={set('rate_window')} />,
          )}
          {field('allowed_cidrs', 'Allowed CIDRs', text('allowed_cidrs'), 'e.g. 10.0.0.0/8, 192.0.2.1')}
        </fieldset>
        <fieldset>
          <legend>Other</legend>
          {field(
            'metadata',
            'Metadata (key=value, one a line)',
            <textarea value={form.metadata} onInput={set('metadata')} />,
          )}
          {field(
            'default_api_version',
            'Default API version',
            <input
              inputMode="numeric"
              value={form.default_api_version}
              onInput={set('default_api_version')}
            />,
          )}
          <div class="field check">
            <input
              id="c-service"
              type="checkbox"
              checked={form.service}
              onChange={(e) => setForm({ ...form, service: e.currentTarget.checked })}
            />
            <label for="c-service">Service token (outlives its member)</label>
          </div>
          <div class="field check">
            <input
              id="c-canary"
              type="checkbox"
              checked={form.canary}
              onChange={(e) => setForm({ ...form, canary: e.currentTarget.checked })}
            />
            <label for="c-canary">Canary (any use raises an alert)</label>
          </div>
        </fieldset>
        <ErrorBox failure={action.failure} />
        <div class="actions">
          <button type="submit" class="primary" disabled={action.busy}>
            Create
          </button>
        </div>
      </form>
      {created !== null && (
        <SecretDialog
          secret={created.secret}
          what="the new token"
          onDone={() => {
            const { id } = created;
            setCreated(null);
            navigate(`/tokens/${encodeURIComponent(id)}`);
          }}
        />
      )}
    </section>
  );
}
