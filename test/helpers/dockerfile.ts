// A Dockerfile read as instructions by stage, so tests can check and run its steps without an engine.

export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly name: string;
  readonly from: string;
  readonly instructions: Instruction[];
}

/** Stages in order; continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, from = '', name = String(stages.length)] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ name, from, instructions: [] });
    } else if (stages.length > 0) stages.at(-1)!.instructions.push({ keyword: upper, args });
  }
  return stages;
}

/** `KEY=value KEY2=value2` (ENV's form), as a record. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.instructions.filter(({ keyword }) => keyword === 'ENV'))
    for (const [, name, value] of args.matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
  return env;
}

/** An exec-form argument list (`["node", "…"]`), or null for the shell form. */
export function execForm(args: string): string[] | null {
  const json = args.replace(/^(?:--\S+\s+)*(?:CMD\s+)?/, '');
  if (!json.startsWith('[')) return null;
  return JSON.parse(json) as string[];
}
