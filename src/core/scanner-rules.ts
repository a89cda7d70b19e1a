// Rules that let a company's own secret scanners find Tessera tokens, all built from the one published
// regex (SPEC "Secret encoding"). Pure text. None of these scanners can run Tessera's CRC-32 check in
// its rule format, so each rule is the shape alone, bounded so that it matches a whole token and no
// longer run of characters; `tessera token verify` (or the checksum) tells a real token from a lookalike.
import { SECRET_REGEX } from './secret.js';

export const SCANNERS = ['gitleaks', 'trufflehog', 'github'] as const;
export type Scanner = (typeof SCANNERS)[number];

/** The secret's shape without anchors: `tsr_[as][0-9]_[0-9A-Za-z]{49}`. */
export const SECRET_PATTERN = SECRET_REGEX.source.slice(1, -1);
/** A token stands alone: no word character (nor `_`, `-`) runs into it on either side. */
const BOUNDED_PATTERN = `(?:^|[^0-9A-Za-z_-])(${SECRET_PATTERN})(?:$|[^0-9A-Za-z_-])`;
/** Every Tessera token contains this; scanners look for the regex only in text that does. */
export const KEYWORD = 'tsr_';
/** The body is 43 random base62 characters: far above this many bits per character. */
const MIN_ENTROPY = 3.5;

function gitleaks(): string {
  return [
    '# Tessera tokens, for gitleaks (`tessera scanner-rules gitleaks > .gitleaks.toml`).',
    "# Extends gitleaks' default rules; the regex is the token format of Tessera's SPEC.",
    '[extend]',
    'useDefault = true',
    '',
    '[[rules]]',
    'id = "tessera-token"',
    'description = "Tessera API or session token"',
    `regex = '''${BOUNDED_PATTERN}'''`,
    'secretGroup = 1',
    `entropy = ${MIN_ENTROPY}`,
    `keywords = ["${KEYWORD}"]`,
    'tags = ["tessera", "api-token"]',
    '',
  ].join('\n');
}

function trufflehog(): string {
  return [
    '# Tessera tokens, for trufflehog (`trufflehog filesystem . --config tessera-detector.yaml`).',
    "# A custom regex detector; the regex is the token format of Tessera's SPEC.",
    'detectors:',
    '  - name: Tessera',
    '    keywords:',
    `      - ${KEYWORD}`,
    '    regex:',
    `      token: '${BOUNDED_PATTERN}'`,
    '',
  ].join('\n');
}

function github(): string {
  return [
    '# Tessera tokens, as a GitHub secret scanning custom pattern.',
    '# Repository or organization Settings > Advanced Security > Custom patterns > New pattern,',
    '# then "More options" for the before and after expressions.',
    'Pattern name:    Tessera token',
    `Secret format:   ${SECRET_PATTERN}`,
    'Before secret:   \\A|[^0-9A-Za-z_-]',
    'After secret:    \\z|[^0-9A-Za-z_-]',
    `Must match:      ${KEYWORD}`,
    '',
  ].join('\n');
}

/** The rule for one scanner, ready to save where that scanner reads it. */
export function scannerRule(scanner: Scanner): string {
  if (scanner === 'gitleaks') return gitleaks();
  if (scanner === 'trufflehog') return trufflehog();
  return github();
}

/** The parts of GitHub's custom pattern, for `--json`. */
export function githubPattern() {
  return {
    name: 'Tessera token',
    secret_format: SECRET_PATTERN,
    before_secret: '\\A|[^0-9A-Za-z_-]',
    after_secret: '\\z|[^0-9A-Za-z_-]',
    additional_match: KEYWORD,
  };
}
