// Webhook signing secrets: made from deps.random, shown once, kept only sealed (core/sealing.ts), and
// opened when a delivery is signed. During a rotation's grace the old secret signs too.
import { openSealed, SEALING_IV_BYTES, sealValue } from '../../core/sealing.js';
import { formatSigningSecret, SIGNING_SECRET_BYTES } from '../../core/webhook-signature.js';
import type { WebhookRecord } from '../../store/store.js';
import type { Deps } from '../deps.js';

export interface NewSigningSecret {
  /** `whsec_…`: in the one answer that creates or rotates it, nowhere else. */
  readonly secret: string;
  readonly sealed: string;
}

export function newSigningSecret(deps: Pick<Deps, 'random' | 'keys'>): NewSigningSecret {
  const secret = formatSigningSecret(deps.random.bytes(SIGNING_SECRET_BYTES));
  return { secret, sealed: sealValue(deps.keys, secret, deps.random.bytes(SEALING_IV_BYTES)) };
}

/** The secrets that sign now: the current one, and the previous one while its grace lasts. */
export function signingSecretsOf(
  deps: Pick<Deps, 'keys'>,
  webhook: WebhookRecord,
  nowMs: number,
): readonly string[] | null {
  const current = openSealed(deps.keys, webhook.secretSealed);
  if (current === null) return null;
  const previous =
    webhook.previousSecretSealed !== null &&
    webhook.previousSecretExpiresAtMs !== null &&
    webhook.previousSecretExpiresAtMs > nowMs
      ? openSealed(deps.keys, webhook.previousSecretSealed)
      : null;
  return previous === null ? [current] : [current, previous];
}
