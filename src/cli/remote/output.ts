// How remote commands print: a table sized to the terminal on a TTY, tab-separated lines otherwise,
// the API's exact JSON with --json, ids alone with --quiet. Colour only on a TTY and never with
// NO_COLOR; progress only on a TTY's stderr. Secrets go to stdout alone (SPEC "CLI").

export type OutputMode = 'table' | 'plain' | 'json' | 'quiet';

export interface Column<T> {
  readonly header: string;
  readonly value: (item: T) => string | null | undefined;
}

interface Stream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export class Output {
  readonly mode: OutputMode;
  private readonly colour: boolean;
  private progressShown = false;

  constructor(
    options: { json?: boolean; quiet?: boolean },
    private readonly stdout: Stream = process.stdout,
    private readonly stderr: Stream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.mode = options.json ? 'json' : options.quiet ? 'quiet' : stdout.isTTY ? 'table' : 'plain';
    this.colour =
      stdout.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
  }

  json(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A line for people, on stderr (so stdout stays for data). */
  note(text: string): void {
    this.clearProgress();
    this.stderr.write(`${text}\n`);
  }

  /** A secret, alone on a line of stdout: `SECRET=$(tessera token create …)` captures just it. */
  secret(secret: string): void {
    this.stdout.write(`${secret}\n`);
  }

  /** A list: the JSON array, ids, or a table. */
  list<T extends object>(items: readonly T[], columns: readonly Column<T>[], id: (item: T) => string): void {
    this.clearProgress();
    if (this.mode === 'json') {
      this.json(items);
      return;
    }
    if (this.mode === 'quiet') {
      for (const item of items) this.stdout.write(`${id(item)}\n`);
      return;
    }
    const rows = items.map((item) => columns.map((column) => clean(column.value(item))));
    const headers = columns.map((column) => column.header);
    if (this.mode === 'plain') {
      for (const row of rows) this.stdout.write(`${row.join('\t')}\n`);
      return;
    }
    this.stdout.write(this.table(headers, rows));
  }

  /** One object: its JSON, its id, or `field  value` lines. */
  object<T extends object>(item: T, fields: readonly Column<T>[], id: (item: T) => string): void {
    this.clearProgress();
    if (this.mode === 'json') {
      this.json(item);
      return;
    }
    if (this.mode === 'quiet') {
      this.stdout.write(`${id(item)}\n`);
      return;
    }
    const width = Math.max(...fields.map((field) => field.header.length));
    for (const field of fields) {
      const label = field.header.padEnd(width);
      const separator = this.mode === 'plain' ? '\t' : '  ';
      this.stdout.write(
        `${this.mode === 'plain' ? field.header : this.bold(label)}${separator}${clean(field.value(item))}\n`,
      );
    }
  }

  /** Progress of a page walk or bulk work, rewritten in place on a TTY's stderr; silent elsewhere. */
  progress(text: string): void {
    if (!this.stderr.isTTY) return;
    this.stderr.write(`\r\x1b[2K${text}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.stderr.write('\r\x1b[2K');
    this.progressShown = false;
  }

  private bold(text: string): string {
    return this.colour ? `\x1b[1m${text}\x1b[22m` : text;
  }

  /** Columns padded to their widest cell; the widest shrink (with …) until the table fits the terminal. */
  private table(headers: readonly string[], rows: readonly string[][]): string {
    const widths = headers.map((header, index) =>
      Math.max(header.length, ...rows.map((row) => row[index]!.length)),
    );
    const available = Math.max(40, (this.stdout.columns ?? 120) - 2 * (headers.length - 1));
    while (widths.reduce((sum, width) => sum + width, 0) > available) {
      const widest = widths.indexOf(Math.max(...widths));
      if (widths[widest]! <= 8) break;
      widths[widest]! -= 1;
    }
    const fitCell = (cell: string, width: number) =>
      cell.length > width ? `${cell.slice(0, width - 1)}…` : cell.padEnd(width);
    const line = (cells: readonly string[]) => {
      const fitted = cells.map((cell, index) => fitCell(cell, widths[index]!));
      return fitted.join('  ').trimEnd();
    };
    return (
      [this.bold(line(headers)), ...rows.map(line)].join('\n') +
      (rows.length > 0 || headers.length > 0 ? '\n' : '')
    );
  }
}

/** A cell: no tabs or newlines (they would break the plain format), `-` for nothing. */
function clean(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return value.replace(/[\t\r\n]+/g, ' ');
}
