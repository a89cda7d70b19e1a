// TESSERA_METRICS_PORT: /metrics on a listener of its own, so the scrape port can stay inside the
// monitoring network while the API's port faces clients. It serves /metrics (behind
// TESSERA_METRICS_TOKEN when set) and nothing else; every other path is a 404 problem.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { TesseraError } from '../core/errors.js';
import { requestIds } from './build-server.js';
import { resolveError } from './error-handler.js';
import { type Metrics, registerMetricsRoute } from './metrics.js';
import { sendProblem } from './problem.js';
import { WIRE_SCHEMAS } from './wire/catalogue.js';

export async function buildMetricsServer(
  metrics: Metrics,
  token: string | null,
  logger: FastifyBaseLogger,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger,
    return503OnClosing: true,
    genReqId: requestIds(),
    requestIdHeader: false,
  });
  // Every answer carries X-Request-Id (SPEC), this listener's too.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  // The route's answers refer to the shared Problem schema, as on the API's server.
  for (const schema of WIRE_SCHEMAS) app.addSchema(schema);
  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, resolveError(error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new TesseraError('not_found', 'this port serves GET /metrics only')),
  );
  registerMetricsRoute(app, metrics, token);
  await app.ready();
  return app;
}
