// The shape of bench/results/<date>.json: what every stage measured, in the order it is written.
import type { Measured } from './measure.js';
import type { Aggregate } from './statistics.js';

export interface InProcessRates {
  readonly tessera: number;
  readonly ideal: number;
}

export interface FloodResult extends Measured {
  /** Store queries the flood caused, the bookkeeping ones (ping, last-used) left out. */
  readonly storeQueries: number;
}

export interface ListingResult extends Measured {
  readonly firstPageMs: number;
  /** The same pages for one client alone. */
  readonly alone: Measured;
}

export interface Results {
  readonly date: string;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly settings: {
    readonly rounds: number;
    readonly sliceSeconds: number;
    readonly connections: number;
    readonly hotTokens: number;
  };
  readonly seeding: { readonly largeTokens: number; readonly largeSeedSeconds: number };
  readonly verify: Record<'hitsSmall' | 'hitsLarge' | 'missesLarge', Record<string, Aggregate>>;
  readonly inProcess: InProcessRates;
  readonly flood: FloodResult;
  readonly listing: ListingResult;
  readonly creates: Measured;
  readonly rssMiB: number;
  readonly seconds: number;
}
