// tessera.leaks: report secrets found where they should not be; each real one is revoked at once.
import type { APIPromise } from '../api-promise.js';
import type { LeakReport, LeakReportAnswer } from '../generated/openapi.js';
import type { RequestOptions } from '../transport.js';
import { Resource } from './resource.js';

export class Leaks extends Resource {
  /**
   * Reports leaked secrets (at most 100). Needs no token: holding a secret is the proof. The answer
   * is the same whatever was found (`{ received }`), so it tells nothing about which were real.
   * @example await tessera.leaks.report({ secrets: [found], source: 'https://gist.example/abc' });
   */
  report(report: LeakReport, options?: RequestOptions): APIPromise<LeakReportAnswer> {
    return this.call({ method: 'POST', path: '/v1/leaks', body: report, options });
  }
}
