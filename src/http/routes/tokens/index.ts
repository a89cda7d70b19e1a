// /v1/tokens: create and read, lists and bulk revoke, changes (patch, rotate, revoke).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../services/deps.js';
import { registerTokenChangeRoutes } from './changes.js';
import { registerTokenCreateAndReadRoutes } from './create-read.js';
import { registerTokenImportRoute } from './import.js';
import { registerTokenListRoutes } from './lists.js';

export function registerTokenRoutes(app: FastifyInstance, deps: Deps): void {
  registerTokenCreateAndReadRoutes(app, deps);
  registerTokenImportRoute(app, deps);
  registerTokenListRoutes(app, deps);
  registerTokenChangeRoutes(app, deps);
}
