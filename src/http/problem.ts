// RFC 9457 problem bodies: the only shape an error takes on the wire.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE, type TesseraError } from '../core/errors.js';

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly request_id: string;
}

export function problemBody(error: TesseraError, requestId: string): ProblemBody {
  return {
    type: `urn:tessera:problem:${error.code}`,
    title: ERROR_CATALOGUE[error.code].title,
    status: error.status,
    code: error.code,
    detail: error.detail,
    request_id: requestId,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: TesseraError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.status(error.status).type('application/problem+json').send(problemBody(error, request.id));
}
