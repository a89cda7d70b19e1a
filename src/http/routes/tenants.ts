// /v1/tenants: operators (owners and admins of the operator tenant) create, list and suspend tenants.
import type { FastifyInstance } from 'fastify';
import { formatNullableTimestamp, formatTimestamp } from '../../core/time.js';
import type { Deps } from '../../services/deps.js';
import { createTenant, listTenants, setTenantSuspended } from '../../services/tenants.js';
import type { TenantRecord } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import { AUTHENTICATED_PROBLEMS, answer, BODY_PROBLEMS, idParams, problems, ref } from '../schemas.js';
import {
  CreateTenantRequestSchema,
  TenantListSchema,
  TenantSchema,
  TenantWithOwnerTokenSchema,
  UpdateTenantRequestSchema,
} from '../wire/tenants.js';
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
    docs: {
      operationId: 'listTenants',
      summary: 'List tenants',
      description:
        'Operators only: owners and admins of the operator tenant (tenants:read). Paged by page + per_page or limit + offset.',
    },
    listSchema: TenantListSchema,
    list: (actor, paging) => listTenants(deps, actor, paging.limit, paging.offset),
    toWire: publicTenant,
  });

  app.post(
    '/v1/tenants',
    {
      schema: {
        tags: ['tenants'],
        operationId: 'createTenant',
        summary: 'Create a tenant, with its first owner',
        description:
          "Operators only (tenants:write). Answers the tenant and its first owner's token, whose secret is shown this once (Cache-Control: no-store).",
        body: ref(CreateTenantRequestSchema),
        response: {
          201: answer(
            TenantWithOwnerTokenSchema,
            "Created: the tenant and its first owner's token, with its secret",
          ),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS),
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
      return reply.status(201).send({
        tenant: publicTenant(created.tenant),
        owner_token: withSecret(created.owner.token, deps.clock.nowMs()),
      });
    },
  );

  app.patch(
    '/v1/tenants/:id',
    {
      schema: {
        tags: ['tenants'],
        operationId: 'updateTenant',
        summary: 'Suspend or resume a tenant',
        description:
          "Operators only (tenants:write). A suspended tenant's tokens stop at once (verify answers `disabled`) and resume with it; the operator tenant cannot be suspended (409).",
        params: idParams('the tenant id, `ten_…`'),
        body: ref(UpdateTenantRequestSchema),
        response: {
          200: answer(TenantSchema, 'Changed: the tenant as it is now'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404, 409),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { suspended } = request.body as { suspended: boolean };
      return publicTenant(await setTenantSuspended(deps, actorOf(request), id, suspended));
    },
  );
}
