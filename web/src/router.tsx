// A tiny history router under /ui/: paths only (never a secret in them), links that stay in the page.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export const BASE = '/ui';
const listeners = new Set<() => void>();

/** The path inside the app: `/` for /ui/, `/tokens/tok_1` for /ui/tokens/tok_1. */
export function currentPath(): string {
  const path = location.pathname.startsWith(`${BASE}/`) ? location.pathname.slice(BASE.length) : '/';
  return path === '' ? '/' : path;
}

export function navigate(to: string): void {
  history.pushState(null, '', `${BASE}${to}`);
  for (const listener of listeners) listener();
  window.scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

export function Link(props: {
  to: string;
  children: ComponentChildren;
  'aria-current'?: 'page' | undefined;
}) {
  const { to, children } = props;
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={`${BASE}${to}`} aria-current={props['aria-current']} onClick={onClick}>
      {children}
    </a>
  );
}
