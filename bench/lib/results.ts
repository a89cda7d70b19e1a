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

export interface PeerResult {
  /** Keys better-auth issued and the load presents, as many as Tessera's hot tokens. */
  readonly keys: number;
  /** Tessera's POST /v1/verify, cache hits, in the same rounds. */
  readonly tessera: Aggregate;
  /** better-auth's verifyApiKey behind node:http. */
  readonly peer: Aggregate;
}

export interface PostgresResult {
  readonly tokens: number;
  readonly seedSeconds: number;
  /** Tokens presented once each per miss slice. */
  readonly perSlice: number;
  /** bare and tessera, taking turns. */
  readonly misses: Record<string, Aggregate>;
  readonly creates: Measured;
}

export interface DoorsResult {
  /** Each door's request, by door name. */
  readonly paths: Record<string, string>;
  /** Each door with the owner token, cached; `verify` is POST /v1/verify. */
  readonly measured: Record<string, Aggregate>;
}

/** What the core stages measured: present in a full run, absent when TESSERA_BENCH_ONLY leaves them out. */
export interface CoreResults {
  readonly seeding: { readonly largeTokens: number; readonly largeSeedSeconds: number };
  readonly verify: Record<'hitsSmall' | 'hitsLarge' | 'missesLarge', Record<string, Aggregate>>;
  readonly inProcess: InProcessRates;
  readonly flood: FloodResult;
  readonly listing: ListingResult;
  readonly creates: Measured;
  readonly rssMiB: number;
}

export interface RunHeader {
  readonly date: string;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly settings: {
    readonly rounds: number;
    readonly sliceSeconds: number;
    readonly connections: number;
    readonly hotTokens: number;
  };
  /** The parts this run had (see TESSERA_BENCH_ONLY). */
  readonly parts: readonly string[];
}

export type Results = RunHeader &
  Partial<CoreResults> & {
    readonly peer?: PeerResult;
    readonly doors?: DoorsResult;
    readonly postgres?: PostgresResult;
    readonly seconds: number;
  };

export function hasCore(r: Results): r is Results & CoreResults {
  return r.verify !== undefined;
}
