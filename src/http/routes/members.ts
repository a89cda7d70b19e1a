// /v1/members: list and add members; a new member's first token is in the answer, shown once.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Role } from '../../core/permissions.js';
import { formatTimestamp } from '../../core/time.js';
import { NAME_MAX_LENGTH } from '../../core/token-fields.js';
import type { Deps } from '../../services/deps.js';
import {
  changeMemberRole,
  createMember,
  getMember,
  listMembers,
  removeMember,
} from '../../services/members.js';
import type { MemberRecord } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import {
  authErrors,
  IdParams,
  MemberSchema,
  ProblemSchema,
  RoleSchema,
  TokenWithSecretSchema,
} from '../schemas.js';
import { withSecret } from '../wire/tokens.js';

export function publicMember(member: MemberRecord) {
  return {
    id: member.id,
    tenant_id: member.tenantId,
    email: member.email,
    name: member.name,
    role: member.role,
    created_at: formatTimestamp(member.createdAtMs),
    updated_at: formatTimestamp(member.updatedAtMs),
  };
}

const CreateMemberBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH })),
    role: RoleSchema,
  },
  { additionalProperties: false },
);

export function registerMemberRoutes(app: FastifyInstance, deps: Deps): void {
  registerOffsetListRoute(app, {
    path: '/v1/members',
    tag: 'members',
    summary: "List the tenant's members",
    item: MemberSchema,
    list: (actor, paging) => listMembers(deps, actor, paging.limit, paging.offset),
    toWire: publicMember,
  });

  app.post(
    '/v1/members',
    {
      schema: {
        tags: ['members'],
        summary: 'Add a member; the answer carries their first token, shown this once',
        body: CreateMemberBody,
        response: {
          201: Type.Object({ member: MemberSchema, token: TokenWithSecretSchema }),
          ...authErrors,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const created = await createMember(deps, actorOf(request), request.body as never);
      reply.header('cache-control', 'no-store');
      return reply
        .status(201)
        .send({ member: publicMember(created.member), token: withSecret(created.token) });
    },
  );

  app.patch(
    '/v1/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: "Change a member's role; their personal tokens follow on the very next request",
        params: IdParams,
        body: Type.Object({ role: RoleSchema }, { additionalProperties: false }),
        response: { 200: MemberSchema, ...authErrors, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return publicMember(
        await changeMemberRole(deps, actorOf(request), id, (request.body as { role: Role }).role),
      );
    },
  );

  app.delete(
    '/v1/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: 'Remove a member: their personal tokens stop at once; service tokens live on',
        params: IdParams,
        response: { 204: Type.Null(), ...authErrors, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      await removeMember(deps, actorOf(request), (request.params as { id: string }).id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/v1/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: 'Read one member',
        params: IdParams,
        response: { 200: MemberSchema, ...authErrors, 404: ProblemSchema },
      },
    },
    async (request) =>
      publicMember(await getMember(deps, actorOf(request), (request.params as { id: string }).id)),
  );
}
