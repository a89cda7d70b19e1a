// The five routes of a keyed object (list, create, get, update, delete), shared by roles.ts and spaces.ts.
import type { FastifyInstance } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { MAX_GLOBS_PER_TOKEN } from '../../core/policy.js';
import { formatTimestamp } from '../../core/time.js';
import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH } from '../../core/token-fields.js';
import type { Deps } from '../../services/deps.js';
import {
  CUSTOM_ROLES,
  createNamed,
  deleteNamed,
  getNamed,
  KEY_PATTERN,
  listNamed,
  type NamedInput,
  type SPACES,
  updateNamed,
} from '../../services/named-objects.js';
import type { CustomRoleRecord, NamedRecord } from '../../store/store.js';
import { actorOf } from '../auth.js';
import { registerOffsetListRoute } from '../offset-list-route.js';
import { authErrors, Nullable, ProblemSchema } from '../schemas.js';

const PolicySchema = Type.Array(Type.Unknown(), {
  maxItems: MAX_GLOBS_PER_TOKEN,
  description:
    'statements {effect: allow|deny, actions | not_actions, resources | not_resources}, `*` globs; a deny wins',
});
const Key = Type.String({ pattern: KEY_PATTERN, description: 'lowercase letters, digits, _ and -' });

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

export function registerKeyedObjectRoutes(
  app: FastifyInstance,
  deps: Deps,
  base: string,
  kind: typeof CUSTOM_ROLES | typeof SPACES,
  tag: string,
) {
  const withPolicy = kind === CUSTOM_ROLES;
  const extra: Record<string, TSchema> = withPolicy ? { policy: PolicySchema } : {};
  const Item = Type.Object({
    key: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    ...extra,
    created_at: Type.String(),
    updated_at: Type.String(),
  });
  const Create = Type.Object(
    {
      key: Key,
      name: Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
      description: Type.Optional(Type.String({ maxLength: DESCRIPTION_MAX_LENGTH })),
      ...extra,
    },
    { additionalProperties: false, required: withPolicy ? ['key', 'name', 'policy'] : ['key', 'name'] },
  );
  const Update = Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_MAX_LENGTH })),
      description: Type.Optional(Nullable(Type.String({ maxLength: DESCRIPTION_MAX_LENGTH }))),
      ...(withPolicy ? { policy: Type.Optional(PolicySchema) } : {}),
    },
    { additionalProperties: false },
  );
  const Params = Type.Object({ key: Type.String() });
  const keyOf = (params: unknown) => (params as { key: string }).key;
  const errors = { ...authErrors, 404: ProblemSchema, 409: ProblemSchema };

  registerOffsetListRoute(app, {
    path: base,
    tag,
    item: Item,
    list: (actor, paging) => listNamed(deps, actor, kind, paging.limit, paging.offset),
    toWire: wire,
  });
  app.post(
    base,
    { schema: { tags: [tag], body: Create, response: { 201: Item, ...errors } } },
    async (request, reply) =>
      reply
        .status(201)
        .send(wire(await createNamed(deps, actorOf(request), kind, request.body as NamedInput))),
  );
  app.get(
    `${base}/:key`,
    { schema: { tags: [tag], params: Params, response: { 200: Item, ...errors } } },
    async (request) => wire(await getNamed(deps, actorOf(request), kind, keyOf(request.params))),
  );
  app.patch(
    `${base}/:key`,
    { schema: { tags: [tag], params: Params, body: Update, response: { 200: Item, ...errors } } },
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
    { schema: { tags: [tag], params: Params, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await deleteNamed(deps, actorOf(request), kind, keyOf(request.params));
      return reply.status(204).send();
    },
  );
}
