// The five routes of a keyed object (list, create, get, update, delete), shared by roles.ts and spaces.ts.
// Each caller names its schemas (wire/keyed-objects.ts) and its operations: one mechanism, two resources.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { formatTimestamp } from '../../core/time.js';
import type { Deps } from '../../services/deps.js';
import {
  type CUSTOM_ROLES,
  createNamed,
  deleteNamed,
  getNamed,
  listNamed,
  type NamedInput,
  type SPACES,
  updateNamed,
} from '../../services/named-objects.js';
import type { CustomRoleRecord, NamedRecord } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import type { OperationDocs } from '../openapi.js';
import { AUTHENTICATED_PROBLEMS, answer, BODY_PROBLEMS, noContent, problems, ref } from '../schemas.js';
import type { KeyedObjectWire } from '../wire/keyed-objects.js';

function wire(record: NamedRecord) {
  return {
    key: record.key,
    name: record.name,
    description: record.description,
    ...('policy' in record ? { policy: (record as CustomRoleRecord).policy } : {}),
    created_at: formatTimestamp(record.createdAtMs),
    updated_at: formatTimestamp(record.updatedAtMs),
  };
}

export interface KeyedObjectRoutes {
  /** `/v1/roles`; one object is `<base>/{key}`. */
  readonly base: string;
  readonly kind: typeof CUSTOM_ROLES | typeof SPACES;
  readonly tag: string;
  readonly wire: KeyedObjectWire;
  /** What the key names, for the path parameter's description. */
  readonly keyMeaning: string;
  readonly operations: {
    readonly list: OperationDocs;
    readonly create: OperationDocs;
    readonly get: OperationDocs;
    readonly update: OperationDocs;
    readonly remove: OperationDocs;
  };
}

export function registerKeyedObjectRoutes(app: FastifyInstance, deps: Deps, routes: KeyedObjectRoutes) {
  const { base, kind, tag, wire: schemas, operations } = routes;
  const Params = Type.Object({ key: Type.String({ description: routes.keyMeaning }) });
  const keyOf = (params: unknown) => (params as { key: string }).key;

  registerOffsetListRoute(app, {
    path: base,
    tag,
    docs: operations.list,
    listSchema: schemas.list,
    list: (actor, paging) => listNamed(deps, actor, kind, paging.limit, paging.offset),
    toWire: wire,
  });
  app.post(
    base,
    {
      schema: {
        tags: [tag],
        ...operations.create,
        body: ref(schemas.create),
        response: {
          201: answer(schemas.item, 'Created'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 409),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(wire(await createNamed(deps, actorOf(request), kind, request.body as NamedInput))),
  );
  app.get(
    `${base}/:key`,
    {
      schema: {
        tags: [tag],
        ...operations.get,
        params: Params,
        response: { 200: answer(schemas.item, 'Found'), ...problems(...AUTHENTICATED_PROBLEMS, 404) },
      },
    },
    async (request) => wire(await getNamed(deps, actorOf(request), kind, keyOf(request.params))),
  );
  app.patch(
    `${base}/:key`,
    {
      schema: {
        tags: [tag],
        ...operations.update,
        params: Params,
        body: ref(schemas.update),
        response: {
          200: answer(schemas.item, 'Changed: the object as it is now'),
          ...problems(...AUTHENTICATED_PROBLEMS, ...BODY_PROBLEMS, 404),
        },
      },
    },
    async (request) =>
      wire(
        await updateNamed(
          deps,
          actorOf(request),
          kind,
          keyOf(request.params),
          request.body as Partial<NamedInput>,
        ),
      ),
  );
  app.delete(
    `${base}/:key`,
    {
      schema: {
        tags: [tag],
        ...operations.remove,
        params: Params,
        response: { 204: noContent('Deleted'), ...problems(...AUTHENTICATED_PROBLEMS, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteNamed(deps, actorOf(request), kind, keyOf(request.params));
      return reply.status(204).send();
    },
  );
}
