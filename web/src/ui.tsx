// Small shared pieces: errors, dialogs (native <dialog>, so focus stays inside and the page behind is
// inert), the secret-once dialog, a pager and formatting. Everything renders text, never HTML.
import type { Pagination } from '@tessera/client';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Failure } from './data.js';

export function ErrorBox({ failure }: { failure: Failure | null }) {
  if (failure === null) return null;
  return (
    <div class="error" role="alert">
      <strong>Error ({failure.code}):</strong> {failure.detail}
      {failure.requestId !== null && <div class="muted">Request id: {failure.requestId}</div>}
    </div>
  );
}

export function Dialog(props: {
  title: string;
  children: ComponentChildren;
  onClose?: (() => void) | undefined;
  /** A dialog that may not be dismissed with Escape (the secret one: only Done closes it). */
  sticky?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  const onCancel = (event: Event) => {
    event.preventDefault();
    if (!props.sticky) props.onClose?.();
  };
  // Chromium may close a modal on a second Escape despite preventDefault: a sticky one opens again.
  const onClose = () => {
    if (props.sticky && ref.current?.isConnected) ref.current.showModal();
  };
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" onCancel={onCancel} onClose={onClose}>
      <h2 id="dialog-title">{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/**
 * The secret, shown once. Closes only through Done; then the caller drops its last reference, and
 * the text is gone from the page.
 */
export function SecretDialog({ secret, what, onDone }: { secret: string; what: string; onDone: () => void }) {
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      const field = document.getElementById('secret-value') as HTMLInputElement | null;
      field?.select();
      setCopied('Select and copy the text by hand (the clipboard is not available here).');
    }
  };
  return (
    <Dialog title="Copy the secret now" sticky>
      <p>
        The secret of {what}. It is shown this once: Tessera stores only its hash. Keep it somewhere safe
        before you close this.
      </p>
      <label for="secret-value">Secret</label>
      <input id="secret-value" class="secret" readOnly value={secret} spellcheck={false} autocomplete="off" />
      <p class="muted" aria-live="polite">
        {copied}
      </p>
      <div class="actions">
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" class="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirm: string;
  busy?: boolean;
  failure?: Failure | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      {props.children}
      <ErrorBox failure={props.failure ?? null} />
      <div class="actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" class="danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirm}
        </button>
      </div>
    </Dialog>
  );
}

/** Page-number paging over a list's pagination block. */
export function Pager(props: {
  pagination: Pagination;
  page: number;
  onPage: (page: number) => void;
  noun: string;
}) {
  const { total_items, total_pages } = props.pagination;
  return (
    <nav class="pager" aria-label={`Pages of ${props.noun}`}>
      <button type="button" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
        Previous page
      </button>
      <span aria-live="polite">
        Page {Math.min(props.page, Math.max(total_pages, 1))} of {Math.max(total_pages, 1)} · {total_items}{' '}
        {props.noun}
      </span>
      <button type="button" disabled={props.page >= total_pages} onClick={() => props.onPage(props.page + 1)}>
        Next page
      </button>
    </nav>
  );
}

export function formatTime(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function Status({ status }: { status: string }) {
  return <span class={`badge badge-${status}`}>{status.replaceAll('_', ' ')}</span>;
}

/** JSON for people, as text in a <pre> (never parsed as markup). */
export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** `<input type=datetime-local>` value → RFC 3339 (UTC); '' → undefined. */
export function isoFromLocal(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** "a, b c" → ['a', 'b', 'c']. */
export function listOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A table column: its heading, shown only on wide screens (`wide`), or read only by screen readers (`hidden`). */
export type Column = string | { readonly label: string; readonly wide?: boolean; readonly hidden?: boolean };

/**
 * The one shape of every list on the dashboard: a scrolling wrapper, a caption for screen readers,
 * a heading row, and the rows the view gives (after them, what the view shows below the table).
 */
export function DataTable(props: {
  caption: string;
  columns: readonly Column[];
  children: ComponentChildren;
  after?: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((column) => {
              const { label, wide, hidden } = typeof column === 'string' ? { label: column } : column;
              return (
                <th key={label} scope="col" class={wide ? 'wide-only' : undefined}>
                  {hidden ? <span class="visually-hidden">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
      {props.after}
    </div>
  );
}
