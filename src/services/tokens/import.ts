// Importing tokens from another system (SPEC "Leaks and migration"): each item is a create that keeps
// the item's existing secret (or the SHA-256 its former system kept), in its own transaction, so the
// good items of a mixed batch are imported and a bad one stores nothing. Admins and owners only.
import { TesseraError } from '../../core/errors.js';
import { importedSecretProblem, normalisedSha256 } from '../../core/imported-secret.js';
import { findSecretInJson } from '../../core/secret.js';
import type { TokenRecord } from '../../core/token.js';
import { isUniqueViolation } from '../../store/failures.js';
import { type Actor, actsAsAdmin, requirePermission } from '../actor.js';
import type { Deps } from '../deps.js';
import type { ImportedSecret } from '../secrets.js';
import { type CreateTokenCommand, createToken } from './create.js';

/** SPEC: at most 1,000 items a request (the CLI streams more, a batch at a time). */
export const MAX_IMPORT_ITEMS = 1000;

export interface ImportItem {
  /** Exactly one of the two: the secret itself, or the hex SHA-256 its former system kept. */
  readonly secret?: string | undefined;
  readonly secretSha256?: string | undefined;
  /** The item's create fields as a command; called per item, so a bad field fails that item alone. */
  readonly command: () => CreateTokenCommand;
}

export type ImportResult =
  | { readonly ok: true; readonly token: TokenRecord }
  | { readonly ok: false; readonly error: TesseraError };

/** The item's secret as the store will take it, or the 400 that says why not. Never echoes it. */
function importedSecretOf(deps: Deps, item: ImportItem): ImportedSecret {
  if ((item.secret === undefined) === (item.secretSha256 === undefined))
    throw new TesseraError('invalid_request', 'each item gives exactly one of secret and secret_sha256');
  if (item.secretSha256 !== undefined) {
    const sha256 = normalisedSha256(item.secretSha256);
    if (sha256 === null)
      throw new TesseraError(
        'invalid_request',
        'secret_sha256 is the SHA-256 of the secret as 64 hex digits',
      );
    return { sha256 };
  }
  const secret = item.secret as string;
  const problem = importedSecretProblem(secret, deps.settings.importPrefixes);
  if (problem !== null) throw new TesseraError('invalid_request', problem);
  return { secret };
}

async function importOne(deps: Deps, actor: Actor, item: ImportItem): Promise<TokenRecord> {
  const imported = importedSecretOf(deps, item);
  const command = item.command();
  // The route takes secrets (the items carry them), so the check every other body gets runs here,
  // per item, on everything but the secret itself: a Tessera secret pasted into a name is refused.
  const where = findSecretInJson(command);
  if (where !== null)
    throw new TesseraError(
      'secret_in_field',
      `${where} holds what looks like a Tessera secret; nothing was stored`,
    );
  try {
    const result = await createToken(deps, actor, command, { imported });
    if (result.replayed) throw new Error('an import was answered as a replay');
    return result.issued.token;
  } catch (error) {
    // Two imports of one secret at once: the unique digest lets one in; the other is a duplicate.
    if (isUniqueViolation(error))
      throw new TesseraError('conflict', 'this secret is already stored for a token; nothing was imported');
    throw error;
  }
}

/**
 * Imports each item on its own; answers one result per item, in order. Failures that are the item's
 * (a 4xx) are its result; anything else (storage down) ends the request, as any request would.
 */
export async function importTokens(
  deps: Deps,
  actor: Actor,
  items: readonly ImportItem[],
): Promise<readonly ImportResult[]> {
  requirePermission(actor, 'tokens:import');
  if (!actsAsAdmin(actor))
    throw new TesseraError('forbidden', 'importing tokens needs the admin or owner role');
  // Without prefixes no imported secret could ever be presented: refuse before storing any.
  if (deps.settings.importPrefixes.length === 0)
    throw new TesseraError(
      'invalid_request',
      'importing secrets needs TESSERA_IMPORT_PREFIXES: the prefixes imported secrets start with',
    );
  const results: ImportResult[] = [];
  for (const item of items) {
    try {
      results.push({ ok: true, token: await importOne(deps, actor, item) });
    } catch (error) {
      if (!(error instanceof TesseraError) || error.status >= 500) throw error;
      results.push({ ok: false, error });
    }
  }
  return results;
}
