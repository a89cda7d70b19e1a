// The few calls the bench makes to Tessera's own API outside the load: who the owner is, the owner's
// bearer header, and a counter's total from /metrics.
import type { TesseraServer } from './processes.js';

export interface Owner {
  readonly tenantId: string;
  readonly ownerId: string;
}

export function ownerAuth(tessera: TesseraServer): Record<string, string> {
  return { authorization: `Bearer ${tessera.ownerToken}` };
}

/** The owner token's tenant and member: the seeded tokens are theirs, so the listing walks them. */
export async function readOwner(tessera: TesseraServer): Promise<Owner> {
  const answer = await fetch(`${tessera.url}/v1/tokens/self`, { headers: ownerAuth(tessera) });
  const self = (await answer.json()) as { tenant_id: string; owner_id: string };
  return { tenantId: self.tenant_id, ownerId: self.owner_id };
}

/** The sum of a metric's samples, leaving out those with any of the `exclude` labels. */
export async function metricTotal(
  tessera: TesseraServer,
  name: string,
  exclude: readonly string[] = [],
): Promise<number> {
  const text = await (await fetch(`${tessera.url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (exclude.some((label) => line.includes(label))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
