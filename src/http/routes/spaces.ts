// /v1/spaces: the named parts of a tenant a `space` token is confined to.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.js';
import { SPACES } from '../../services/named-objects.js';
import { SPACE_WIRE } from '../wire/keyed-objects.js';
import { registerKeyedObjectRoutes } from './keyed-object-routes.js';

export function registerSpaceRoutes(app: FastifyInstance, deps: Deps): void {
  registerKeyedObjectRoutes(app, deps, {
    base: '/v1/spaces',
    kind: SPACES,
    tag: 'spaces',
    wire: SPACE_WIRE,
    keyMeaning: 'the space key',
    operations: {
      list: {
        operationId: 'listSpaces',
        summary: "List the tenant's spaces",
        description: 'Paged by page + per_page or limit + offset. Needs spaces:read.',
      },
      create: {
        operationId: 'createSpace',
        summary: 'Create a space',
        description:
          'A named part of the tenant that `space` tokens can be confined to. Needs spaces:write; a key already in use is a 409.',
      },
      get: {
        operationId: 'getSpace',
        summary: 'Read one space',
        description: 'Needs spaces:read.',
      },
      update: {
        operationId: 'updateSpace',
        summary: 'Change a space',
        description: 'Changes its name or description; the key stays. Needs spaces:write.',
      },
      remove: {
        operationId: 'removeSpace',
        summary: 'Delete a space',
        description: 'Needs spaces:write. A space some token is still confined to is a 409.',
      },
    },
  });
}
