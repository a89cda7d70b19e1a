// /v1/roles: custom roles, named reusable policies a token names in `custom_roles`.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.js';
import { CUSTOM_ROLES } from '../../services/named-objects.js';
import { registerKeyedObjectRoutes } from './keyed-object-routes.js';

export function registerRoleRoutes(app: FastifyInstance, deps: Deps): void {
  registerKeyedObjectRoutes(app, deps, '/v1/roles', CUSTOM_ROLES, 'roles');
}
