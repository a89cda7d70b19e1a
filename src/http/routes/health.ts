// /healthz (the process answers) and /readyz (its dependencies answer too).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../services/deps.js';
import { probe } from '../../services/probe.js';

const Health = Type.Object({
  status: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

export function registerHealthRoutes(app: FastifyInstance, deps: Deps): void {
  app.get(
    '/healthz',
    { schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Health } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Readiness: each dependency up or down; 503 when a critical one (the database) is down',
        response: { 200: Health, 503: Health },
      },
    },
    async (request, reply) => {
      // Each check has a deadline: a dependency that hangs is down, and /readyz still answers.
      const results = await Promise.all(
        deps.checks.map(async (dependency) => {
          const result = await probe(dependency);
          if (!result.up)
            request.log.warn({ err: result.error, dependency: dependency.name }, 'readiness check failed');
          return { dependency, up: result.up };
        }),
      );
      const checks = Object.fromEntries(
        results.map(({ dependency, up }) => [dependency.name, up ? 'up' : 'down']),
      );
      const ready = results.every(({ dependency, up }) => up || !dependency.critical);
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
    },
  );
}
