// /v1/spaces: the named parts of a tenant a `space` token is confined to.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.js';
import { SPACES } from '../../services/named-objects.js';
import { registerKeyedObjectRoutes } from './keyed-object-routes.js';

export function registerSpaceRoutes(app: FastifyInstance, deps: Deps): void {
  registerKeyedObjectRoutes(app, deps, '/v1/spaces', SPACES, 'spaces');
}
