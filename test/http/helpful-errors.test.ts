// Errors that help (issue 20, item 10): a refusal says what would let the caller in, and a bearer
// refused for its allowed_cidrs keeps the one indistinguishable 401 while the operator is told why.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatSecret } from '../../src/core/secret.js';
import { addMember, addTenant, call, createToken, useTestServer } from '../helpers/server.js';

const server = useTestServer();

describe('errors that help', () => {
  it('GET /v1/tenants tells a writer, and an admin of another tenant, that the operator tenant’s admin role is needed', async () => {
    const writer = await addMember(server, server.ownerToken, 'writer');
    const refused = await call(server, 'GET', '/v1/tenants', { token: writer.secret });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/admin or owner role in the operator tenant/);
    expect(refused.body.detail).not.toMatch(/other members/);
    const other = await addTenant(server, server.ownerToken, 'elsewhere');
    const outsider = await call(server, 'GET', '/v1/tenants', { token: other.ownerSecret });
    expect(outsider.status).toBe(403);
    expect(outsider.body.detail).toMatch(/operator tenant/);
    expect((await call(server, 'GET', '/v1/tenants', { token: server.ownerToken })).status).toBe(200);
  });

  it('a bearer outside its allowed_cidrs gets the same 401 as an unknown one, and is logged at info and counted', async () => {
    const confined = await createToken(server, server.ownerToken, {
      name: 'office-only',
      allowed_cidrs: ['10.0.0.0/8'],
      ttl: 600,
    });
    const comparable = (answer: Awaited<ReturnType<typeof call>>) => ({
      status: answer.status,
      headers: Object.fromEntries(
        [...answer.headers].filter(([name]) => !['x-request-id', 'date'].includes(name)),
      ),
      text: answer.text.replace(/"request_id":"[^"]*"/, ''),
    });
    const refused = await call(server, 'GET', '/v1/tokens/self', { token: confined.secret });
    const unknown = await call(server, 'GET', '/v1/tokens/self', {
      token: formatSecret('api', 0, randomBytes(32)),
    });
    expect(refused.status).toBe(401);
    expect(comparable(refused)).toEqual(comparable(unknown));
    const logged = server.logLines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.reason === 'allowed_cidrs');
    expect(logged).toMatchObject({ level: 30, token_id: confined.id, client_ip: '127.0.0.1' });
    expect(JSON.stringify(logged)).not.toContain(confined.secret);
    const metrics = await call(server, 'GET', '/metrics');
    expect(metrics.text).toMatch(/tessera_bearer_refusals_total\{door="bearer",reason="allowed_cidrs"\} 1/);
    // An unknown token is not counted there: only the reason worth telling is.
    expect(metrics.text).not.toMatch(/reason="not_found"/);
  });
});
