// One GET route for a list paged by page or offset (members, tenants, roles, spaces, audit events):
// its query schema, its paging, its operation in the document, and the one list envelope with Link
// headers.
import type { FastifyInstance } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { Actor } from '../services/actor.js';
import type { Page } from '../store/store.js';
import { actorOf } from './auth.js';
import type { OperationDocs } from './openapi.js';
import { listAnswer, type PagingParams, PagingQuery, resolveOffsetPaging } from './pagination.js';
import { AUTHENTICATED_PROBLEMS, answer, type Named, problems } from './schemas.js';

export interface OffsetListRoute<R> {
  readonly path: string;
  readonly tag: string;
  readonly docs: OperationDocs;
  /** The named list envelope (`MemberList`…) the answer is. */
  readonly listSchema: Named;
  /** The path's parameters, where the list belongs to one object (a webhook's deliveries). */
  readonly params?: TSchema;
  /** Query parameters that filter the list, besides paging (an unknown one is a 400). */
  readonly filters?: Readonly<Record<string, TSchema>>;
  readonly list: (
    actor: Actor,
    paging: { readonly limit: number; readonly offset: number },
    params: Readonly<Record<string, string>>,
    query: Readonly<Record<string, unknown>>,
  ) => Promise<Page<R>>;
  readonly toWire: (record: R) => unknown;
}

export function registerOffsetListRoute<R>(app: FastifyInstance, route: OffsetListRoute<R>): void {
  app.get(
    route.path,
    {
      schema: {
        tags: [route.tag],
        ...route.docs,
        ...(route.params === undefined ? {} : { params: route.params }),
        querystring: Type.Object({ ...PagingQuery, ...route.filters }, { additionalProperties: false }),
        response: {
          200: answer(route.listSchema, 'One page of the list; Link headers point to the others'),
          ...problems(...AUTHENTICATED_PROBLEMS),
        },
      },
    },
    async (request, reply) => {
      const paging = resolveOffsetPaging(request.query as PagingParams);
      const page = await route.list(
        actorOf(request),
        paging,
        request.params as Record<string, string>,
        request.query as Record<string, unknown>,
      );
      return listAnswer(request, reply, paging, page, route.toWire);
    },
  );
}
