// Who may see or change which token: own tokens need the action, other members' tokens the admin
// role too, and other tenants' tokens do not exist (404).
import { TesseraError } from '../../core/errors.js';
import { etagOf, type TokenRecord } from '../../core/token.js';
import type { StoreOperations } from '../../store/store.js';
import { type Actor, adminRefusal, permissionRefusal, selfAsOfNow } from '../actor.js';
import type { Deps } from '../deps.js';
import { findCredential } from '../verify.js';

/** A member's personal tokens are theirs; a service token owns only itself (its peers are the tenant's). */
export function isOwnToken(actor: Actor, token: TokenRecord): boolean {
  return token.id === actor.token.id || (token.ownerId !== null && token.ownerId === actor.memberId);
}

/**
 * THE per-object decision for tokens: why this caller may not do `action` on `token`, or null when it
 * may. A single request, a bulk operation and a list all ask it, so they agree on every token (denies
 * included; seeing a token in a list never grants a write on it).
 * - Every token may read itself by its own id, whatever its grants (revoking itself: `revokeToken`).
 * - A space token reaches only tokens of its space, and those count as inside its space.
 * - Own tokens need the action; a service token may read its service peers (it lists them); any other
 *   token needs the admin role too.
 */
export function tokenActionRefusal(actor: Actor, token: TokenRecord, action: string): string | null {
  if (token.id === actor.token.id && action === 'tokens:read') return null;
  if (actor.authority.kind === 'space' && token.space !== actor.authority.space)
    return 'a space token reaches only the tokens of its space';
  const resource = `tokens/${token.id}`;
  const servicePeerRead = actor.token.service && token.service && action.endsWith(':read');
  return isOwnToken(actor, token) || servicePeerRead
    ? permissionRefusal(actor, action, resource, token.space)
    : adminRefusal(actor, action, resource, token.space);
}

export function authorizeTokenAction(actor: Actor, token: TokenRecord, action: string): void {
  const refusal = tokenActionRefusal(actor, token, action);
  if (refusal !== null) throw new TesseraError('forbidden', refusal);
}

/**
 * How a revoked token reads. `kept` (native): it is still there, for audit, and a change to it is a
 * 409. `gone` (every vendor dialect): a revoked token is a 404 to every read and change.
 */
export type RevokedTokens = 'kept' | 'gone';

export async function findAccessibleToken(
  store: Pick<StoreOperations, 'findToken'>,
  actor: Actor,
  tokenId: string,
  action: string,
  revoked: RevokedTokens = 'kept',
): Promise<TokenRecord> {
  const token = await store.findToken(actor.tenantId, tokenId);
  if (token === null || (revoked === 'gone' && token.revokedAtMs !== null))
    throw new TesseraError('not_found', 'no such token');
  authorizeTokenAction(actor, token, action);
  return token;
}

/**
 * How a door names a token: its id, its serial (NeuroIO's integer id) or its whole secret (NeuroIO and
 * Lagrello take a key where an id goes). Whatever the reference, a token outside the caller's tenant is
 * not found.
 */
export type TokenReference =
  | { readonly by: 'id'; readonly id: string }
  | { readonly by: 'serial'; readonly serial: number }
  | { readonly by: 'secret'; readonly secret: string };

/** The id of the token a reference names in the caller's tenant; `not_found` when there is none. */
export async function resolveTokenReference(
  deps: Pick<Deps, 'store' | 'keys' | 'cache' | 'clock' | 'settings'>,
  actor: Actor,
  reference: TokenReference,
): Promise<string> {
  if (reference.by === 'id') return reference.id;
  if (reference.by === 'serial' && reference.serial === actor.token.serial) return actor.token.id;
  let found: TokenRecord | null = null;
  if (reference.by === 'serial') found = await deps.store.findTokenBySerial(actor.tenantId, reference.serial);
  else {
    const credential = await findCredential(deps, reference.secret);
    found = 'code' in credential || credential.token.tenantId !== actor.tenantId ? null : credential.token;
  }
  if (found === null) throw new TesseraError('not_found', 'no such token');
  return found.id;
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

/**
 * The token making the request, as it stands now (`selfAsOfNow`): no store read, since the bearer door
 * and every dialect's read of the caller itself are the reads a client makes most. Every token may
 * read itself, and it has just been verified (so it is neither revoked nor expired).
 */
export function readSelf(actor: Actor): TokenRecord {
  return selfAsOfNow(actor);
}

/** A token by id; the caller's own id is answered as `readSelf` does, without a read. */
export async function getToken(
  deps: Deps,
  actor: Actor,
  tokenId: string,
  revoked: RevokedTokens = 'kept',
): Promise<TokenRecord> {
  if (tokenId === actor.token.id) return readSelf(actor);
  return findAccessibleToken(deps.store, actor, tokenId, 'tokens:read', revoked);
}

/**
 * NeuroIO finds a token by its key as well as its id. The secret travels in a POST body, never a URL;
 * any token the caller may read is found whatever its state (revoked and expired ones included).
 */
export async function lookupTokenBySecret(deps: Deps, actor: Actor, secret: string): Promise<TokenRecord> {
  const credential = await findCredential(deps, secret);
  if ('code' in credential || credential.token.tenantId !== actor.tenantId)
    throw new TesseraError('not_found', 'no such token');
  authorizeTokenAction(actor, credential.token, 'tokens:read');
  return credential.token;
}
