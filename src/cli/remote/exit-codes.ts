// The CLI's exit codes (SPEC "CLI"): scripts branch on them, so each failure class has its own.
import { TesseraError } from '@tessera/client';

export const EXIT = {
  ok: 0,
  other: 1,
  usage: 2,
  unauthenticated: 3,
  forbidden: 4,
  notFound: 5,
  conflict: 6,
  unavailable: 7,
} as const;

/** A mistake in how the command was called: exit 2, nothing sent to the server. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the CLI itself explains (a missing profile, a refused config file): exit 1 unless told. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.other,
  ) {
    super(message);
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof CliError) return error.exitCode;
  if (!(error instanceof TesseraError)) return EXIT.other;
  if (error.code === 'network_error' || error.code === 'timeout' || error.status === 503)
    return EXIT.unavailable;
  switch (error.status) {
    case 400:
    case 413:
    case 415:
    case 422:
      return EXIT.usage;
    case 401:
      return EXIT.unauthenticated;
    case 403:
      return EXIT.forbidden;
    case 404:
      return EXIT.notFound;
    case 409:
    case 412:
      return EXIT.conflict;
    default:
      return error.status >= 500 ? EXIT.unavailable : EXIT.other;
  }
}

/** `error: <detail> (<code>, request <id>)`, the one error line (SPEC). */
export function errorLineOf(error: unknown): string {
  if (error instanceof TesseraError) {
    const where = error.requestId ? `, request ${error.requestId}` : '';
    return `error: ${error.detail} (${error.code}${where})`;
  }
  if (error instanceof UsageError) return `error: ${error.message} (usage)`;
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}
