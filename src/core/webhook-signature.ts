// Standard Webhooks signing (standardwebhooks.com): `v1,<base64 HMAC-SHA256>` keyed with the secret's
// decoded bytes over "<webhook-id>.<webhook-timestamp>.<body>". During a secret rotation's grace every
// live secret signs, space-separated, so a receiver holding either one verifies.
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET_PREFIX = 'whsec_';
export const SIGNING_SECRET_BYTES = 32;

/** `whsec_` + base64 of the secret's random bytes. */
export function formatSigningSecret(bytes: Buffer): string {
  return `${SIGNING_SECRET_PREFIX}${bytes.toString('base64')}`;
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SIGNING_SECRET_PREFIX) ? secret.slice(SIGNING_SECRET_PREFIX.length) : secret,
    'base64',
  );
}

export function signatureHeader(
  secrets: readonly string[],
  webhookId: string,
  timestampSeconds: number,
  body: string,
): string {
  return secrets
    .map(
      (secret) =>
        `v1,${createHmac('sha256', secretBytes(secret)).update(`${webhookId}.${timestampSeconds}.${body}`).digest('base64')}`,
    )
    .join(' ');
}
