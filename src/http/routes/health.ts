// /healthz (the process answers) and /readyz (its dependencies answer too).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../services/deps.js';
import { probe } from '../../services/probe.js';
import { answer, problems } from '../schemas.js';
import { HealthSchema } from '../wire/health.js';

export function registerHealthRoutes(app: FastifyInstance, deps: Deps): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        operationId: 'getHealth',
        summary: 'Liveness: the process answers',
        description:
          'Always `{"status": "ok"}` while the process runs; it checks no dependency (see /readyz).',
        response: { 200: answer(HealthSchema, 'Alive'), ...problems(400) },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        operationId: 'getReadiness',
        summary: 'Readiness: whether this instance can serve',
        description:
          'Checks each dependency with a deadline and reports it up or down. 503 when a critical one (the database) is down; ' +
          'Redis down only degrades (local rate limits, verify cache off) and stays 200.',
        response: {
          200: answer(HealthSchema, 'Ready; `checks` says how each dependency is'),
          ...problems(400),
          503: answer(HealthSchema, 'Not ready: a critical dependency is down'),
        },
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
