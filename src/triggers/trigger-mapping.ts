// Trigger mappings (Lambda event source mappings): a table's stream → a handler, with Lambda's options.

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';

export interface FilterCriteria {
  readonly Filters: ReadonlyArray<{ readonly Pattern: string }>;
}

/** One mapping, with Lambda's option names, ranges and defaults already applied. */
export interface TriggerMapping {
  /** Unique; names the checkpoint and the background job. */
  readonly name: string;
  readonly tableName: string;
  /** An absolute path of a JS/TS module exporting `handler(event, context)`, or an HTTP(S) URL. */
  readonly handler: string;
  readonly BatchSize: number;
  readonly MaximumBatchingWindowInSeconds: number;
  readonly StartingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly FilterCriteria?: FilterCriteria;
  /** -1: retry until the records expire (Lambda's default). */
  readonly MaximumRetryAttempts: number;
  /** -1: no maximum (Lambda's default). */
  readonly MaximumRecordAgeInSeconds: number;
  readonly BisectBatchOnFunctionError: boolean;
  readonly ReportBatchItemFailures: boolean;
  /** A file path (JSON lines appended) or a table name or ARN (one item per failed batch). */
  readonly OnFailureDestination?: string;
  readonly Enabled: boolean;
  /** How long one invocation may run before it counts as failed (Lambda's function timeout). */
  readonly TimeoutSeconds: number;
}

/** Thrown for a configuration Lambda would refuse; the message names the mapping and option. */
export class TriggerConfigError extends Error {}

type Raw = Record<string, unknown>;

function integerIn(raw: Raw, field: string, min: number, max: number, fallback: number): number {
  const value = raw[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TriggerConfigError(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function flag(raw: Raw, field: string, fallback: boolean): boolean {
  const value = raw[field] ?? fallback;
  if (typeof value !== 'boolean') throw new TriggerConfigError(`${field} must be true or false`);
  return value;
}

function text(raw: Raw, field: string): string {
  const value = raw[field];
  if (typeof value !== 'string' || value === '') {
    throw new TriggerConfigError(`${field} must be a non-empty string`);
  }
  return value;
}

function filterCriteria(raw: Raw): FilterCriteria | undefined {
  const criteria = raw.FilterCriteria as { Filters?: unknown } | undefined;
  if (criteria === undefined) return undefined;
  const filters = criteria.Filters;
  if (!Array.isArray(filters) || filters.length > 5) {
    throw new TriggerConfigError('FilterCriteria.Filters must be a list of at most 5 filters');
  }
  for (const filter of filters as Raw[]) {
    try {
      JSON.parse(text(filter, 'Pattern'));
    } catch {
      throw new TriggerConfigError('FilterCriteria.Filters[].Pattern must be a JSON object');
    }
  }
  return { Filters: filters as FilterCriteria['Filters'] };
}

/** A table (ARN or `table:<name>`) stays as is; a file path resolves against `baseDir`. */
function destination(value: string, baseDir: string): string {
  return value.startsWith('arn:') || value.startsWith('table:') ? value : resolve(baseDir, value);
}

/** A mapping from its JSON form; relative handler paths resolve against `baseDir`. */
export function parseTriggerMapping(raw: Raw, baseDir: string): TriggerMapping {
  const name = text(raw, 'name');
  try {
    const handler = text(raw, 'handler');
    const position = raw.StartingPosition ?? 'TRIM_HORIZON';
    if (position !== 'TRIM_HORIZON' && position !== 'LATEST') {
      throw new TriggerConfigError('StartingPosition must be TRIM_HORIZON or LATEST');
    }
    const recordAge = integerIn(raw, 'MaximumRecordAgeInSeconds', -1, 604_800, -1);
    if (recordAge !== -1 && recordAge < 60) {
      throw new TriggerConfigError('MaximumRecordAgeInSeconds must be -1 or from 60 to 604800');
    }
    const onFailure = (raw.DestinationConfig as { OnFailure?: Raw } | undefined)?.OnFailure;
    return {
      name,
      tableName: text(raw, 'tableName'),
      handler:
        /^https?:\/\//.test(handler) || isAbsolute(handler) ? handler : resolve(baseDir, handler),
      BatchSize: integerIn(raw, 'BatchSize', 1, 10_000, 100),
      MaximumBatchingWindowInSeconds: integerIn(raw, 'MaximumBatchingWindowInSeconds', 0, 300, 0),
      StartingPosition: position,
      FilterCriteria: filterCriteria(raw),
      MaximumRetryAttempts: integerIn(raw, 'MaximumRetryAttempts', -1, 10_000, -1),
      MaximumRecordAgeInSeconds: recordAge,
      BisectBatchOnFunctionError: flag(raw, 'BisectBatchOnFunctionError', false),
      ReportBatchItemFailures:
        Array.isArray(raw.FunctionResponseTypes) &&
        raw.FunctionResponseTypes.includes('ReportBatchItemFailures'),
      OnFailureDestination:
        onFailure === undefined ? undefined : destination(text(onFailure, 'Destination'), baseDir),
      Enabled: flag(raw, 'Enabled', true),
      TimeoutSeconds: integerIn(raw, 'TimeoutSeconds', 1, 900, 3),
    };
  } catch (error) {
    if (error instanceof TriggerConfigError) {
      throw new TriggerConfigError(`trigger ${name}: ${error.message}`);
    }
    throw error;
  }
}

/** The mappings of a triggers file: `{"triggers": [ … ]}` or a bare list. */
export async function loadTriggerMappings(path: string): Promise<TriggerMapping[]> {
  const parsed = JSON.parse(await readFile(path, 'utf8')) as unknown;
  const list = Array.isArray(parsed) ? parsed : (parsed as { triggers?: unknown }).triggers;
  if (!Array.isArray(list)) throw new TriggerConfigError(`${path}: expected a list of triggers`);
  const mappings = list.map((raw: Raw) => parseTriggerMapping(raw, dirname(resolve(path))));
  const names = new Set(mappings.map((mapping) => mapping.name));
  if (names.size !== mappings.length) throw new TriggerConfigError(`${path}: duplicate names`);
  return mappings;
}
