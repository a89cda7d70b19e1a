// Progress lines on stderr, each stamped with the seconds since the run began (stdout is the report's).
const startedAt = Date.now();

export function secondsSinceStart(): number {
  return (Date.now() - startedAt) / 1000;
}

export function log(message: string): void {
  const seconds = secondsSinceStart().toFixed(0).padStart(4);
  process.stderr.write(`[${seconds} s] ${message}\n`);
}
