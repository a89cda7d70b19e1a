// Who may see or change which token: own tokens need the action, other members' tokens the admin
// role too, and other tenants' tokens do not exist (404).
import { TesseraError } from '../core/errors.js';
import { parseSecret } from '../core/secret.js';
import { digestSecret } from '../core/server-key.js';
import { etagOf, type TokenRecord } from '../core/token.js';
import type { StoreOperations } from '../store/store.js';
import { type Actor, requireAdmin, requirePermission } from './actor.js';
import type { Deps } from './deps.js';

export function isOwnToken(actor: Actor, token: TokenRecord): boolean {
  return token.ownerId === null ? actor.token.service && token.service : token.ownerId === actor.memberId;
}

export function authorizeTokenAction(actor: Actor, token: TokenRecord, action: string): void {
  if (isOwnToken(actor, token)) requirePermission(actor, action);
  else requireAdmin(actor, action);
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
  const tags = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
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
