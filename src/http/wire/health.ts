// The answer of /healthz and /readyz.
import { Type } from 'typebox';
import { named } from '../schemas.js';

export const HealthSchema = named(
  'Health',
  'Whether this instance (and, for readiness, each dependency) is up.',
  Type.Object({
    status: Type.String({ description: 'ok (alive), ready, or unavailable' }),
    checks: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'readiness only: each dependency (database, redis, cache_invalidation), up or down',
      }),
    ),
  }),
);
