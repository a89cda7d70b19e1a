// The one mapping from anything thrown to a problem answer. Known Fastify errors become catalogue
// codes; anything unexpected is a 500 whose detail says nothing about the cause (logged instead).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, isTesseraError, TesseraError } from '../core/errors.js';
import { echoable } from '../logger.js';
import { isStorageFailure } from '../store/failures.js';
import { storageUnavailable } from './auth.js';
import type { Cors } from './cors.js';
import { sendProblem } from './problem.js';
import type { RouteTable } from './route-table.js';

const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

/**
 * The error that says most: a body that may be absent is a union with null, whose "must be null" comes
 * first; the object branch's error (a field, an unknown or missing property) names what is wrong.
 */
function mostSpecific(errors: NonNullable<FastifyError['validation']>) {
  const top = errors[0];
  if (top === undefined || top.instancePath !== '' || !['type', 'anyOf'].includes(top.keyword)) return top;
  return (
    errors.find(
      (each) =>
        each.instancePath !== '' || each.keyword === 'additionalProperties' || each.keyword === 'required',
    ) ?? top
  );
}

function describeValidation(error: FastifyError): TesseraError {
  const first = mostSpecific(error.validation ?? []);
  const where = error.validationContext ?? 'body';
  if (first?.keyword === 'additionalProperties') {
    const field = echoable(
      String((first.params as { additionalProperty?: unknown }).additionalProperty ?? ''),
    );
    const code: ErrorCode = where === 'querystring' ? 'invalid_query' : 'unknown_field';
    const noun = where === 'querystring' ? 'query parameter' : 'field';
    return new TesseraError(code, `unknown ${noun} "${field}"`, { field });
  }
  const path = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '';
  const subject = path === '' ? where : path;
  const message = first?.message ?? 'is invalid';
  const missing = (first?.params as { missingProperty?: unknown } | undefined)?.missingProperty;
  const field = typeof missing === 'string' ? missing : path.split('.')[0] || undefined;
  return new TesseraError(
    where === 'querystring' ? 'invalid_query' : 'invalid_request',
    `${subject} ${message}`,
    field === undefined ? undefined : { field: echoable(field) },
  );
}

export function toTesseraError(error: unknown): TesseraError | null {
  if (isTesseraError(error)) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return describeValidation(fastifyError);
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new TesseraError(mapped, ERROR_DETAILS[mapped]);
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return new TesseraError('invalid_request', 'the request is malformed');
  return null;
}

const ERROR_DETAILS: Partial<Record<ErrorCode, string>> = {
  payload_too_large: 'the body is larger than this endpoint accepts',
  unsupported_media_type: 'send the body as application/json',
  invalid_json: 'the body is not valid JSON',
};

/** Errors Fastify raises before routing (bad URL encoding, over-long path parameters). */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  // These answers come before the onRequest hook that sets the header on every other answer.
  reply.header('x-request-id', request.id);
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new TesseraError('not_found', 'no such object')
      : new TesseraError('invalid_request', 'the request URL is malformed');
  sendProblem(request, reply, problem);
}

/**
 * Anything thrown, as the catalogue error it answers: known errors as they are, storage trouble as 503
 * (fail closed), anything else a 500 that tells nothing of its cause. The latter two are logged. Every
 * door renders the result its own way: a problem here, a vendor's body in a dialect.
 */
export function resolveError(error: unknown, request: FastifyRequest): TesseraError {
  const known = toTesseraError(error);
  if (known !== null) return known;
  if (isStorageFailure(error)) {
    request.log.error({ err: error }, 'storage failure');
    return storageUnavailable(error);
  }
  request.log.error({ err: error }, 'unhandled error');
  return new TesseraError(
    'internal_error',
    'something went wrong on our side; the request id helps us find it',
  );
}

/** What a path no route matches answers: 405 with `Allow` where the path exists, else 404. */
export function unmatched(routes: RouteTable, request: FastifyRequest): TesseraError {
  const allowed = routes.methodsFor(request.url);
  if (allowed.length === 0) return new TesseraError('not_found', 'no such route');
  // OPTIONS is answered on every known path (cors.ts); it is allowed wherever anything is.
  allowed.push('OPTIONS');
  allowed.sort();
  return new TesseraError(
    'method_not_allowed',
    `${request.method} is not allowed here; use ${allowed.join(', ')}`,
    {
      headers: { allow: allowed.join(', ') },
    },
  );
}

export function installErrorHandling(app: FastifyInstance, routes: RouteTable, cors: Cors): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(request, reply, resolveError(error, request)),
  );
  app.setNotFoundHandler((request, reply) => {
    if (!cors.answerOptions(routes, request, reply)) sendProblem(request, reply, unmatched(routes, request));
  });
}
