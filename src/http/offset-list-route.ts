// One GET route for a list paged by page or offset (members, tenants, roles, spaces, audit events):
// its query schema, its paging, and the one list envelope with Link headers.
import type { FastifyInstance } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { Actor } from '../services/actor.js';
import type { Page } from '../store/store.js';
import { actorOf } from './auth.js';
import { listAnswer, type PagingParams, PagingQuery, resolveOffsetPaging } from './pagination.js';
import { authErrors, listOf } from './schemas.js';

export interface OffsetListRoute<R> {
  readonly path: string;
  readonly tag: string;
  readonly summary?: string;
  readonly item: TSchema;
  readonly list: (
    actor: Actor,
    paging: { readonly limit: number; readonly offset: number },
  ) => Promise<Page<R>>;
  readonly toWire: (record: R) => unknown;
}

export function registerOffsetListRoute<R>(app: FastifyInstance, route: OffsetListRoute<R>): void {
  app.get(
    route.path,
    {
      schema: {
        tags: [route.tag],
        ...(route.summary === undefined ? {} : { summary: route.summary }),
        querystring: Type.Object(PagingQuery, { additionalProperties: false }),
        response: { 200: listOf(route.item), ...authErrors },
      },
    },
    async (request, reply) => {
      const paging = resolveOffsetPaging(request.query as PagingParams);
      const page = await route.list(actorOf(request), paging);
      return listAnswer(request, reply, paging, page, route.toWire);
    },
  );
}
