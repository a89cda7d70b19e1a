// Handling secrets reported leaked (SPEC "Leaks and migration"): each well-formed secret that names a
// live credential is revoked as leaked; a canary's report is its alarm instead (the canary stays).
// The reporter learns nothing from the answer (the route always says how many it received), so this
// may tell the caller what it found: the GitHub endpoint labels true and false positives with it.
import type { TokenRecord } from '../../core/token.js';
import type { Deps, RequestContext } from '../deps.js';
import { type LeakNotice, revokeLeakedToken } from '../tokens/revoke.js';
import { findCredential, notePresentation } from '../verify.js';

/** At most this many secrets in one report (SPEC): more is a 400 that revokes nothing. */
export const MAX_SECRETS_PER_REPORT = 100;

/**
 * What a reported secret turned out to be: `revoked` now, `canary` (alarm raised), `inactive` (ours,
 * but it could no longer be used: revoked already, or a rotated-out secret past its grace), `unknown`.
 */
export type LeakFinding = 'revoked' | 'canary' | 'inactive' | 'unknown';

async function handleOne(
  deps: Deps,
  secret: string,
  notice: LeakNotice,
  context: RequestContext,
): Promise<LeakFinding> {
  const found = await findCredential(deps, secret);
  if ('code' in found) return 'unknown';
  const nowMs = deps.clock.nowMs();
  const token: TokenRecord = found.token;
  if (token.canary) {
    notePresentation(deps, 'token.canary_triggered', token, nowMs, {
      ip: context.clientIp,
      userAgent: null,
      door: notice.via,
    });
    return 'canary';
  }
  // A rotated-out secret past its grace no longer opens anything: reporting it must not kill the token.
  const secretDead = found.secretExpiresAtMs !== null && found.secretExpiresAtMs <= nowMs;
  if (secretDead || token.revokedAtMs !== null) return 'inactive';
  return (await revokeLeakedToken(deps, token, notice, context)) ? 'revoked' : 'inactive';
}

/** Handles every secret of a report, in order; the same secret twice is handled once. */
export async function handleLeakReport(
  deps: Deps,
  secrets: readonly string[],
  notice: LeakNotice,
  context: RequestContext,
): Promise<readonly LeakFinding[]> {
  const seen = new Map<string, LeakFinding>();
  const findings: LeakFinding[] = [];
  for (const secret of secrets) {
    let finding = seen.get(secret);
    if (finding === undefined) {
      finding = await handleOne(deps, secret, notice, context);
      seen.set(secret, finding);
    }
    findings.push(finding);
  }
  return findings;
}
