// One access-log line per request, once it is answered: its id, method, path (secrets masked by the
// logger's serializer), client address, status and time taken. Fastify's default writes two, one on
// arrival and one when answered; the first tells nothing the second lacks, and a log line costs more
// than a cached verification. A request given up by its client before its answer is logged when it
// is, so none goes unlogged. Route log levels still apply (POST /v1/verify logs at debug only).
import { type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Fastify's own request log lines, as one: nothing on arrival, the request and its answer at the end. */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const line = { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

export function logAbortedRequests(app: FastifyInstance): void {
  app.addHook('onRequestAbort', (request, done) => {
    request.log.info({ req: request }, 'request aborted by the client');
    done();
  });
}
