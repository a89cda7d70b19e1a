// /v1/tenants: operators (owners and admins of the operator tenant) create, list and suspend tenants.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { formatNullableTimestamp, formatTimestamp } from '../../core/time.js';
import { NAME_MAX_LENGTH } from '../../core/token-fields.js';
import type { Deps } from '../../services/deps.js';
import { createTenant, listTenants, setTenantSuspended } from '../../services/tenants.js';
import type { TenantRecord } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import { authErrors, IdParams, ProblemSchema, TenantSchema, TokenWithSecretSchema } from '../schemas.js';
import { withSecret } from '../wire/tokens.js';

function publicTenant(tenant: TenantRecord) {
  return {
    id: tenant.id,
    name: tenant.name,
    is_operator: tenant.isOperator,
    suspended: tenant.suspendedAtMs !== null,
    suspended_at: formatNullableTimestamp(tenant.suspendedAtMs),
    created_at: formatTimestamp(tenant.createdAtMs),
    updated_at: formatTimestamp(tenant.updatedAtMs),
  };
}

export function registerTenantRoutes(app: FastifyInstance, deps: Deps): void {
  registerOffsetListRoute(app, {
    path: '/v1/tenants',
    tag: 'tenants',
    summary: 'List tenants (operators only)',
    item: TenantSchema,
    list: (actor, paging) => listTenants(deps, actor, paging.limit, paging.offset),
    toWire: publicTenant,
  });

  app.post(
    '/v1/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: "Create a tenant; the answer carries its first owner's token, shown this once",
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
            owner_email: Type.Optional(
              Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ tenant: TenantSchema, owner_token: TokenWithSecretSchema }),
          ...authErrors,
        },
      },
    },
    async (request, reply) => {
      const created = await createTenant(
        deps,
        actorOf(request),
        request.body as { name: string; owner_email?: string },
      );
      reply.header('cache-control', 'no-store');
      return reply
        .status(201)
        .send({ tenant: publicTenant(created.tenant), owner_token: withSecret(created.owner.token) });
    },
  );

  app.patch(
    '/v1/tenants/:id',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Suspend or resume a tenant: its tokens stop (or resume) at once',
        params: IdParams,
        body: Type.Object({ suspended: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: TenantSchema, ...authErrors, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { suspended } = request.body as { suspended: boolean };
      return publicTenant(await setTenantSuspended(deps, actorOf(request), id, suspended));
    },
  );
}
