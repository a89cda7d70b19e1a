// The one visible list of routes that need no bearer token (SPEC "Public routes"). Authentication is
// opt-out: every route registered anywhere, under any prefix, is authenticated unless it is here.
import { DIALECT_NAMES } from './compat/dialect.js';

/** Exact routes, by method and URL pattern. HEAD goes with GET. */
export const PUBLIC_ROUTES: readonly { readonly method: string; readonly url: string }[] = [
  { method: 'GET', url: '/healthz' },
  { method: 'GET', url: '/readyz' },
  { method: 'GET', url: '/metrics' },
  { method: 'GET', url: '/openapi.json' },
  // A browser asking for the server itself is sent to the dashboard.
  { method: 'GET', url: '/' },
  // Resource servers hold a secret, not a bearer token: the secret in the body is the credential.
  { method: 'POST', url: '/v1/verify' },
  // Holding a leaked secret is the only proof there is; GitHub's alerts carry GitHub's signature.
  { method: 'POST', url: '/v1/leaks' },
  { method: 'POST', url: '/v1/leaks/github' },
  // Each vendor dialect's own document of what it supports.
  ...DIALECT_NAMES.map((name) => ({ method: 'GET', url: `/compat/${name}/openapi.json` })),
];

/**
 * Swagger UI and the dashboard: pages and static files, each under one prefix. The dashboard signs in
 * by itself, through the API, with a token the person pastes.
 */
const PUBLIC_PREFIXES: readonly string[] = ['/docs', '/ui'];

export function isPublicRoute(method: string, url: string): boolean {
  const asked = method === 'HEAD' ? 'GET' : method;
  if (PUBLIC_ROUTES.some((route) => route.method === asked && route.url === url)) return true;
  return PUBLIC_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
}
