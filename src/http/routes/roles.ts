// /v1/roles: custom roles, named reusable policies a token names in `custom_roles`.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.js';
import { CUSTOM_ROLES } from '../../services/named-objects.js';
import { ROLE_WIRE } from '../wire/keyed-objects.js';
import { registerKeyedObjectRoutes } from './keyed-object-routes.js';

export function registerRoleRoutes(app: FastifyInstance, deps: Deps): void {
  registerKeyedObjectRoutes(app, deps, {
    base: '/v1/roles',
    kind: CUSTOM_ROLES,
    tag: 'roles',
    wire: ROLE_WIRE,
    keyMeaning: 'the role key',
    operations: {
      list: {
        operationId: 'listRoles',
        summary: "List the tenant's custom roles",
        description: 'Paged by page + per_page or limit + offset. Needs roles:read.',
      },
      create: {
        operationId: 'createRole',
        summary: 'Create a custom role',
        description:
          'A named policy tokens can carry by key in `custom_roles`, within the caller’s own permissions. Needs roles:write (admins and owners); a key already in use is a 409.',
      },
      get: {
        operationId: 'getRole',
        summary: 'Read one custom role',
        description: 'Needs roles:read.',
      },
      update: {
        operationId: 'updateRole',
        summary: 'Change a custom role',
        description:
          'Changes its name, description or policy (a new policy within the caller’s own permissions); the key stays. Needs roles:write.',
      },
      remove: {
        operationId: 'removeRole',
        summary: 'Delete a custom role',
        description: 'Needs roles:write. A role some token still carries is a 409.',
      },
    },
  });
}
