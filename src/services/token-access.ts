// Who may see or change which token: own tokens need the action, other members' tokens the admin
// role too, and other tenants' tokens do not exist (404).
import { TesseraError } from '../core/errors.js';
import { parseSecret } from '../core/secret.js';
import { digestSecret } from '../core/server-key.js';
import { etagOf, type TokenRecord } from '../core/token.js';
import type { StoreOperations } from '../store/store.js';
import { type Actor, requireAdmin, requirePermission } from './actor.js';
import type { Deps } from './deps.js';

/** A member's personal tokens are theirs; a service token owns only itself (its peers are the tenant's). */
export function isOwnToken(actor: Actor, token: TokenRecord): boolean {
  return token.id === actor.token.id || (token.ownerId !== null && token.ownerId === actor.memberId);
}

/**
 * Own tokens need the action; a service token may read its service peers (it lists them); any other
 * token needs the admin role too. A space token reaches only tokens of its space.
 */
export function authorizeTokenAction(actor: Actor, token: TokenRecord, action: string): void {
  const resource = `tokens/${token.id}`;
  if (actor.authority.kind === 'space' && token.space !== actor.authority.space) {
    throw new TesseraError('forbidden', 'a space token reaches only the tokens of its space');
  }
  const servicePeerRead = actor.token.service && token.service && action.endsWith(':read');
  if (isOwnToken(actor, token) || servicePeerRead) requirePermission(actor, action, resource);
  else requireAdmin(actor, action, resource);
}

export async function findAccessibleToken(
  store: Pick<StoreOperations, 'findToken'>,
  actor: Actor,
  tokenId: string,
  action: string,
): Promise<TokenRecord> {
  const token = await store.findToken(actor.tenantId, tokenId);
  if (token === null) throw new TesseraError('not_found', 'no such token');
  authorizeTokenAction(actor, token, action);
  return token;
}

/** `If-Match` with a tag other than the token's current one is a 412; no header means no condition. */
export function checkIfMatch(token: TokenRecord, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  // RFC 9110: If-Match compares strongly; a weak tag never matches.
  const tags = ifMatch.split(',').map((tag) => tag.trim());
  if (!tags.includes(etagOf(token))) {
    throw new TesseraError(
      'precondition_failed',
      'the token changed since you read it; read it again and retry',
    );
  }
}

export function getToken(deps: Deps, actor: Actor, tokenId: string): Promise<TokenRecord> {
  return findAccessibleToken(deps.store, actor, tokenId, 'tokens:read');
}

/**
 * NeuroIO finds a token by its key as well as its id. The secret travels in a POST body, never a URL;
 * any token the caller may read is found whatever its state (revoked and expired ones included).
 */
export async function lookupTokenBySecret(deps: Deps, actor: Actor, secret: string): Promise<TokenRecord> {
  const parsed = parseSecret(secret);
  const key = parsed === null ? undefined : deps.keys.byVersion.get(parsed.keyVersion);
  const credential =
    key === undefined ? null : await deps.store.findCredentialByDigest(digestSecret(key, secret));
  if (credential === null || credential.token.tenantId !== actor.tenantId)
    throw new TesseraError('not_found', 'no such token');
  authorizeTokenAction(actor, credential.token, 'tokens:read');
  return credential.token;
}
