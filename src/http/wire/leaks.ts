// The leak report's wire, and GitHub's secret scanning partner format.
import { Type } from 'typebox';
import { PRESENTED_SECRET_MAX_LENGTH } from '../../core/imported-secret.js';
import { MAX_SECRETS_PER_REPORT } from '../../services/leaks/report.js';
import { named, ref } from '../schemas.js';

export const LeakReportSchema = named(
  'LeakReport',
  'Secrets found where they should not be. Holding a secret is the only proof there is: no Authorization is needed.',
  Type.Object(
    {
      secrets: Type.Array(Type.String({ minLength: 1, maxLength: PRESENTED_SECRET_MAX_LENGTH }), {
        minItems: 1,
        maxItems: MAX_SECRETS_PER_REPORT,
        description: `the leaked secrets, at most ${MAX_SECRETS_PER_REPORT}`,
      }),
      source: Type.Optional(
        Type.String({ minLength: 1, maxLength: 2048, description: 'where they were found (a URL)' }),
      ),
      reporter: Type.Optional(
        Type.String({ minLength: 1, maxLength: 200, description: 'who is reporting, for the audit trail' }),
      ),
    },
    { additionalProperties: false },
  ),
);

export const LeakReportAnswerSchema = named(
  'LeakReportAnswer',
  'The report was received. The answer is the same whatever was found: it tells nothing about which secrets were real.',
  Type.Object({ received: Type.Integer({ description: 'how many secrets the report held' }) }),
);

export const GithubTokenLabelSchema = named(
  'GithubTokenLabel',
  'GitHub secret scanning’s expected answer for one reported token.',
  Type.Object({
    token_hash: Type.String({ description: 'the SHA-256 of the token, hex' }),
    token_type: Type.String({ description: 'the type GitHub gave it' }),
    label: Type.String({
      enum: ['true_positive', 'false_positive'],
      description: 'true_positive: a token of this installation (now revoked); false_positive: not one',
    }),
  }),
);

export const GithubTokenLabelsSchema = named(
  'GithubTokenLabels',
  'The answer to a GitHub secret scanning alert: one label per reported token, in order.',
  Type.Array(ref(GithubTokenLabelSchema)),
);

export const LEAK_WIRE = [
  LeakReportSchema,
  LeakReportAnswerSchema,
  GithubTokenLabelSchema,
  GithubTokenLabelsSchema,
] as const;
