// One access-log line per request, once it is answered: its id, method, path (secrets masked by the
// logger's serializer), client address, status and time taken. Fastify's default writes two, one on
// arrival and one when answered; the first tells nothing the second lacks, and a log line costs more
// than a cached verification. A request given up by its client is logged when it is, so none goes
// unlogged. Route log levels still apply (POST /v1/verify logs at debug only: routes/verify.ts).
import type { FastifyInstance } from 'fastify';

export function logEachRequest(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    request.log.info({ req: request }, 'request aborted by the client');
    done();
  });
}
