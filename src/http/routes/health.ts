// /healthz (the process answers) and /readyz (its dependencies answer too).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../services/deps.js';

const Health = Type.Object({
  status: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

export function registerHealthRoutes(app: FastifyInstance, deps: Deps): void {
  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Health } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['ops'],
        summary: 'Readiness: is storage reachable',
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      try {
        await deps.store.ping();
        return { status: 'ready', checks: { database: 'up' } };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.status(503).send({ status: 'unavailable', checks: { database: 'down' } });
      }
    },
  );
}
