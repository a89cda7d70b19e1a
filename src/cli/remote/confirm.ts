// The question before destroying more than one thing: asked on a TTY, skipped with --yes, and without
// a TTY (a script) refused unless --yes says the caller means it.
import { createInterface } from 'node:readline/promises';
import { UsageError } from './exit-codes.js';

export async function confirm(question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY)
    throw new UsageError(`${question} Refusing without a terminal to ask on; pass --yes to confirm`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    prompt.close();
  }
}
