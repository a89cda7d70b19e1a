// /v1/tenants: operators (owners and admins of the operator tenant) create, list, read, suspend, set
// the token policy of, and delete tenants.
import type { FastifyInstance } from 'fastify';
import { formatNullableTimestamp, formatTimestamp } from '../../core/time.js';
import { tokenPolicyJson } from '../../core/token-policy.js';
import type { Deps } from '../../services/deps.js';
import {
  createTenant,
  deleteTenant,
  getTenant,
  listTenants,
  type TenantUpdate,
  updateTenant,
} from '../../services/tenants.js';
import type { TenantRecord } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import { AUTHENTICATED_PROBLEMS, answer, BODY_PROBLEMS, idParams, problems, ref } from '../schemas.js';
import {
  CreateTenantRequestSchema,
  TenantDetailSchema,
  TenantListSchema,
  TenantSchema,
  TenantWithOwnerTokenSchema,
  UpdateTenantRequestSchema,
} from '../wire/tenants.js';
import { RevokedCountSchema, withSecret } from '../wire/tokens.js';

interface PolicyWire {
  max_lifetime_seconds?: number | null;
  default_ttl_seconds?: number | null;
  require_expiry?: boolean;
  allow_permanent?: boolean;
}

function publicTenant(tenant: TenantRecord) {
  return {
    id: tenant.id,
    name: tenant.name,
    is_operator: tenant.isOperator,
    suspended: tenant.suspendedAtMs !== null,
    suspended_at: formatNullableTimestamp(tenant.suspendedAtMs),
    token_policy: tenant.tokenPolicy === null ? null : tokenPolicyJson(tenant.tokenPolicy),
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
        summary: 'Suspend or resume a tenant, or set its token policy',
        description:
          "Operators only (tenants:write). A suspended tenant's tokens stop at once (verify answers `disabled`) and resume with it; the operator tenant cannot be suspended (409). " +
          'token_policy bounds the tokens made in the tenant from now on (null removes it).',
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
      const body = request.body as { suspended?: boolean; token_policy?: PolicyWire | null };
      const update: TenantUpdate = {
        suspended: body.suspended,
        tokenPolicy:
          body.token_policy === undefined || body.token_policy === null
            ? body.token_policy
            : {
                maxLifetimeSeconds: body.token_policy.max_lifetime_seconds,
                defaultTtlSeconds: body.token_policy.default_ttl_seconds,
                requireExpiry: body.token_policy.require_expiry,
                allowPermanent: body.token_policy.allow_permanent,
              },
      };
      return publicTenant(await updateTenant(deps, actorOf(request), id, update));
    },
  );

  app.get(
    '/v1/tenants/:id',
    {
      schema: {
        tags: ['tenants'],
        operationId: 'getTenant',
        summary: 'Read one tenant, with its live tokens per server-key version',
        description:
          'Operators only (tenants:read). key_versions says which server-key versions still hash live tokens of the tenant: a key rotation is finished when the old version is absent everywhere. A deleted tenant is a 404.',
        params: idParams('the tenant id, `ten_…`'),
        response: {
          200: answer(TenantDetailSchema, 'The tenant'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const view = await getTenant(deps, actorOf(request), id);
      return {
        tenant: publicTenant(view.tenant),
        key_versions: [...view.liveTokensByKeyVersion]
          .sort(([left], [right]) => left - right)
          .map(([version, live]) => ({ version, live_tokens: live })),
      };
    },
  );

  app.delete(
    '/v1/tenants/:id',
    {
      schema: {
        tags: ['tenants'],
        operationId: 'deleteTenant',
        summary: 'Delete a tenant: revoke every token in it',
        description:
          'Operators only (tenants:write). Every token of the tenant is revoked (revoked_reason tenant_deleted) and the tenant reads as gone (404) from then on; its audit trail is kept. The operator tenant cannot be deleted (409).',
        params: idParams('the tenant id, `ten_…`'),
        response: {
          200: answer(RevokedCountSchema, 'Deleted: how many tokens were revoked'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404, 409),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return { revoked: await deleteTenant(deps, actorOf(request), id) };
    },
  );
}
