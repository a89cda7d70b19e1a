// Counters and a histogram kept as plain numbers on the hot path and handed to prom-client only when
// /metrics is scraped. prom-client hashes a label set on every inc() and observe(), even through a
// bound child (3–4% of a cached verification's CPU in a profile); here a request costs a Map lookup by
// a key the caller builds and an increment.
import { Counter, type Registry } from 'prom-client';

interface Tallied {
  readonly labels: Record<string, string>;
  total: number;
}

/**
 * The labels a key names: its label values joined by single spaces, in `names` order. Every value is a
 * route pattern, a method or a closed code, none of which holds a space; the key is the one string the
 * hot path builds, and the labels are made from it once, the first time it is seen.
 */
function labelsOf(names: readonly string[], key: string): Record<string, string> {
  const values = key.split(' ');
  if (values.length !== names.length)
    throw new Error(`metric key "${key}" does not name ${names.join(', ')}`);
  return Object.fromEntries(names.map((name, index) => [name, values[index]!]));
}

/** Totals by label set, each named by its key (see `labelsOf`). */
export class Tally {
  private readonly totals = new Map<string, Tallied>();

  constructor(private readonly labelNames: readonly string[]) {}

  add(key: string): void {
    const tallied = this.totals.get(key);
    if (tallied === undefined) this.totals.set(key, { labels: labelsOf(this.labelNames, key), total: 1 });
    else tallied.total++;
  }

  *entries(): Iterable<[labels: Record<string, string>, total: number]> {
    for (const { labels, total } of this.totals.values()) yield [labels, total];
  }
}

/** A Prometheus counter that shows a total kept elsewhere (it only ever grows). */
export function mirroredCounter(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
  read: () => Iterable<[labels: Record<string, string>, total: number]>,
): void {
  const exported = new Map<string, number>();
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      for (const [labels, total] of read()) {
        const key = JSON.stringify(labels);
        const delta = total - (exported.get(key) ?? 0);
        if (delta > 0) this.inc(labels, delta);
        exported.set(key, total);
      }
    },
  });
}

interface Observed {
  readonly labels: Record<string, string>;
  /** Observations at or under each bound, not yet cumulative; the last slot is above every bound. */
  readonly buckets: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram whose observations are plain numbers until a scrape, registered with
 * prom-client as a metric of its own (prom-client's Histogram accepts observations only one at a time).
 */
export class TalliedHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly observed = new Map<string, Observed>();

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {
    registry.registerMetric(this as never);
  }

  /** One observation for the label set `key` names (see `labelsOf`). */
  observe(key: string, value: number): void {
    let observed = this.observed.get(key);
    if (observed === undefined) {
      const buckets = new Array<number>(this.bounds.length + 1).fill(0);
      observed = { labels: labelsOf(this.labelNames, key), buckets, sum: 0, count: 0 };
      this.observed.set(key, observed);
    }
    let slot = 0;
    while (slot < this.bounds.length && value > this.bounds[slot]!) slot++;
    observed.buckets[slot]!++;
    observed.sum += value;
    observed.count++;
  }

  /** What prom-client's registry asks of a metric at scrape time: the samples, in its own shape. */
  async get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const { labels, buckets, sum, count } of this.observed.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, slot) => {
        cumulative += buckets[slot]!;
        values.push({
          labels: { ...labels, le: bound },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({ labels: { ...labels, le: '+Inf' }, value: count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.observed.clear();
  }
}
