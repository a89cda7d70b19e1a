// /v1/members: list and add members; a new member's first token is in the answer, shown once.
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../core/permissions.js';
import type { Deps } from '../../services/deps.js';
import {
  changeMemberRole,
  createMember,
  getMember,
  listMembers,
  removeMember,
} from '../../services/members.js';
import { toPublicMember } from '../../services/public-member.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import {
  AUTHENTICATED_PROBLEMS,
  answer,
  BODY_PROBLEMS,
  idParams,
  noContent,
  problems,
  ref,
} from '../schemas.js';
import {
  CreateMemberRequestSchema,
  MemberListSchema,
  MemberSchema,
  MemberWithTokenSchema,
  UpdateMemberRequestSchema,
} from '../wire/members.js';
import { withSecret } from '../wire/tokens.js';

/** The member object on the wire: the one serializer, shared with the member events. */
export const publicMember = toPublicMember;

const MemberParams = idParams('the member id, `mem_…`');

export function registerMemberRoutes(app: FastifyInstance, deps: Deps): void {
  registerOffsetListRoute(app, {
    path: '/v1/members',
    tag: 'members',
    docs: {
      operationId: 'listMembers',
      summary: "List the tenant's members",
      description: 'Paged by page + per_page or limit + offset. Needs members:read.',
    },
    listSchema: MemberListSchema,
    list: (actor, paging) => listMembers(deps, actor, paging.limit, paging.offset),
    toWire: publicMember,
  });

  app.post(
    '/v1/members',
    {
      schema: {
        tags: ['members'],
        operationId: 'createMember',
        summary: 'Add a member, with their first token',
        description:
          'Answers the member and their first token (permanent, with their role), whose secret is shown this once (Cache-Control: no-store). ' +
          'Needs members:write (admins and owners; only an owner adds an owner). An e-mail already in the tenant is a 409.',
        body: ref(CreateMemberRequestSchema),
        response: {
          201: answer(MemberWithTokenSchema, 'Added: the member and their first token, with its secret'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 409),
        },
      },
    },
    async (request, reply) => {
      const created = await createMember(deps, actorOf(request), request.body as never);
      reply.header('cache-control', 'no-store');
      return reply
        .status(201)
        .send({ member: publicMember(created.member), token: withSecret(created.token, deps.clock.nowMs()) });
    },
  );

  app.patch(
    '/v1/members/:id',
    {
      schema: {
        tags: ['members'],
        operationId: 'updateMember',
        summary: "Change a member's role",
        description:
          'Promotes or demotes; their personal tokens act with the new role from their very next request. ' +
          'Needs members:write; only an owner changes an owner, and the last owner stays an owner (409).',
        params: MemberParams,
        body: ref(UpdateMemberRequestSchema),
        response: {
          200: answer(MemberSchema, 'Changed: the member as they are now'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404, 409),
        },
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
        operationId: 'removeMember',
        summary: 'Remove a member',
        description:
          'Their personal tokens stop at once (verify answers `disabled`); service tokens live on. ' +
          'Needs members:write; the last owner cannot be removed (409).',
        params: MemberParams,
        response: {
          204: noContent('Removed'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404, 409),
        },
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
        operationId: 'getMember',
        summary: 'Read one member',
        description: 'Needs members:read. A member of another tenant is a 404.',
        params: MemberParams,
        response: {
          200: answer(MemberSchema, 'Found'),
          ...problems(...AUTHENTICATED_PROBLEMS, 404),
        },
      },
    },
    async (request) =>
      publicMember(await getMember(deps, actorOf(request), (request.params as { id: string }).id)),
  );
}
