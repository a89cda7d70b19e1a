// LaunchDarkly — /compat/launchdarkly (launchdarkly-api-typescript 17.2.0, AccessTokensApi): list, create
// (201), read, JSON Patch over the Token's own names, reset (with an `expiry` for the old secret) and
// delete.
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TokenRecord } from '../../../core/token.js';
import type { Actor } from '../../../services/actor.js';
import type { Deps } from '../../../services/deps.js';
import { tokenMembers } from '../../../services/members.js';
import { getToken } from '../../../services/tokens/access.js';
import { patchToken, rotateToken } from '../../../services/tokens/change.js';
import { createNewToken } from '../../../services/tokens/create.js';
import { listTokens } from '../../../services/tokens/list.js';
import { BEARER_DOOR, singleHeader } from '../../auth.js';
import {
  type Dialect,
  type DialectRoute,
  linkTo,
  neighbourOffsets,
  offsetPaging,
  revokeRoute,
} from '../dialect.js';
import { renderLaunchDarklyError } from './errors.js';
import {
  type AccessTokenPost,
  AccessTokenPostSchema,
  createCommandOf,
  nativePatchOf,
  TokenSchema,
  TokensSchema,
  vendorToken,
} from './wire.js';

const MOUNT = '/compat/launchdarkly';
const TokenId = Type.Object({ id: Type.String({ maxLength: 64, description: 'the token id' }) });

/**
 * The Tokens as LaunchDarkly shows them, each with its member: the caller's own member from its
 * verified credential, any other one read once (not once per token).
 */
async function rendered(deps: Deps, actor: Actor, tokens: readonly TokenRecord[], secret?: string) {
  const memberIdOf = (token: TokenRecord) =>
    (token.service ? token.createdByMemberId : token.ownerId) ?? null;
  const own = actor.ownMember;
  const members = await tokenMembers(
    deps,
    actor,
    tokens.map(memberIdOf).filter((id) => id !== own?.id),
  );
  return tokens.map((token) => {
    const id = memberIdOf(token) ?? '';
    const member = id === own?.id ? own : members.get(id);
    return vendorToken(
      MOUNT,
      token,
      member && { id: member.id, role: member.role, email: member.email },
      secret,
    );
  });
}

async function one(deps: Deps, actor: Actor, token: TokenRecord, secret?: string) {
  return (await rendered(deps, actor, [token], secret))[0];
}

function listingLinks(request: FastifyRequest, paging: { limit: number; offset: number }, total: number) {
  const link = (offset: number) => ({
    href: linkTo(request, { limit: String(paging.limit), offset: String(offset) }),
    type: 'application/json',
  });
  const { previous, next } = neighbourOffsets(paging, total);
  return {
    self: { href: linkTo(request, {}), type: 'application/json' },
    ...(next === null ? {} : { next: link(next) }),
    ...(previous === null ? {} : { prev: link(previous) }),
  };
}

function routes(deps: Deps): DialectRoute[] {
  return [
    {
      method: 'GET',
      urls: ['/api/v2/tokens'],
      operationId: 'getTokens',
      summary: 'List access tokens',
      description: "The caller's tokens, newest first; showAll=true every member's (admins and owners).",
      querystring: Type.Object({
        showAll: Type.Optional(Type.Boolean({ description: "every member's tokens" })),
        limit: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 100, description: 'page size, default 25' }),
        ),
        offset: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'tokens to skip' }),
        ),
      }),
      responses: { 200: { description: 'one page', schema: TokensSchema } },
      handle: async ({ actor, query, request }) => {
        const paging = offsetPaging(
          (query.limit as number | undefined) ?? 25,
          (query.offset as number | undefined) ?? 0,
        );
        const page = await listTokens(deps, actor, { filters: {}, paging, showAll: query.showAll === true });
        return {
          status: 200,
          body: {
            items: await rendered(deps, actor, page.items),
            _links: listingLinks(request, paging, page.totalItems),
            totalCount: page.totalItems,
          },
        };
      },
    },
    {
      method: 'POST',
      urls: ['/api/v2/tokens'],
      operationId: 'postToken',
      summary: 'Create an access token',
      description: 'AccessTokenPost; answers 201 with the secret in `token`, shown this once.',
      body: AccessTokenPostSchema,
      answersSecrets: true,
      responses: { 201: { description: 'created', schema: TokenSchema } },
      handle: async ({ actor, body }) => {
        const issued = await createNewToken(
          deps,
          actor,
          createCommandOf(body as AccessTokenPost | undefined),
        );
        return { status: 201, body: await one(deps, actor, issued.token, issued.secret) };
      },
    },
    {
      method: 'GET',
      urls: ['/api/v2/tokens/:id'],
      operationId: 'getToken',
      summary: 'Get an access token',
      description: 'No secret; a deleted token is a 404.',
      params: TokenId,
      responses: { 200: { description: 'the token', schema: TokenSchema } },
      handle: async ({ actor, params }) => ({
        status: 200,
        body: await one(deps, actor, await getToken(deps, actor, params.id!, 'gone')),
      }),
    },
    {
      method: 'PATCH',
      urls: ['/api/v2/tokens/:id'],
      operationId: 'patchToken',
      summary: 'Patch an access token',
      description:
        'A JSON Patch (sent as application/json) over /name, /description, /role, /customRoleIds, /inlineRole, /defaultApiVersion.',
      params: TokenId,
      body: Type.Unknown({ description: 'a JSON Patch: an array of operations' }),
      responses: { 200: { description: 'the token as it is now', schema: TokenSchema } },
      handle: async ({ actor, params, body }) => {
        const token = await patchToken(deps, actor, params.id!, {
          format: 'json-patch',
          document: nativePatchOf(body),
          revoked: 'gone',
        });
        return { status: 200, body: await one(deps, actor, token) };
      },
    },
    {
      method: 'POST',
      urls: ['/api/v2/tokens/:id/reset'],
      operationId: 'resetToken',
      summary: 'Reset an access token',
      description:
        'A new secret, in `token`. Without expiry the old one stops now; with expiry (ms since the epoch) at that time.',
      params: TokenId,
      querystring: Type.Object({
        expiry: Type.Optional(
          Type.Integer({ minimum: 0, description: 'until when the old secret works (ms)' }),
        ),
      }),
      body: Type.Unknown({ description: 'ignored: the client sends none, or an empty form' }),
      answersSecrets: true,
      responses: { 200: { description: 'reset', schema: TokenSchema } },
      handle: async ({ actor, params, query }) => {
        const issued = await rotateToken(deps, actor, params.id!, {
          expiryMs: query.expiry as number | undefined,
          revoked: 'gone',
        });
        return { status: 200, body: await one(deps, actor, issued.token, issued.secret) };
      },
    },
    revokeRoute(deps, {
      urls: ['/api/v2/tokens/:id'],
      param: 'id',
      numbered: 'id',
      operationId: 'deleteToken',
      summary: 'Delete an access token',
      description: 'Every secret of it is refused afterwards, and reading it is a 404.',
    }),
  ];
}

export const launchDarkly: Dialect = {
  name: 'launchdarkly',
  title: 'LaunchDarkly',
  description:
    'LaunchDarkly’s access-token API for launchdarkly-api-typescript: set the Configuration’s basePath to this mount and its apiKey to a Tessera secret (sent raw in Authorization; Bearer works too).',
  securityScheme: { type: 'apiKey', in: 'header', name: 'Authorization' },
  secretOf: (request: FastifyRequest) => {
    const value = singleHeader(request, 'authorization');
    return BEARER_DOOR.secretOf(request) ?? (value !== null && /^\S+$/.test(value) ? value : null);
  },
  renderError: renderLaunchDarklyError,
  routes,
};
