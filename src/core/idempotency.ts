// ClientRequestToken: a retried TransactWriteItems within 10 minutes answers with the original
// result and writes nothing; tokens are stored durably beside the writes they guard.

import { createHash } from 'node:crypto';
import { DynamoDbError } from '../errors/dynamodb-error.js';
import type { ReadTransaction, WriteTransaction } from '../storage/engine.js';
import type { BackgroundJob } from './background-jobs.js';
import { KeyPrefix } from './keyspace.js';

/** DynamoDB keeps a token for 10 minutes. */
export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

/** Sub-spaces of KeyPrefix.idempotencyTokens: the records, and their expiry order for the sweeper. */
const RECORD = 0x00;
const EXPIRY = 0x01;
const SWEEP_BATCH = 256;

/** What a token remembers of the transaction it completed. */
export interface IdempotentResult {
  /** Capacity units the original request consumed, per table, in the order charged. */
  readonly unitsByTable: ReadonlyArray<readonly [string, number]>;
}

interface TokenRecord extends IdempotentResult {
  readonly fingerprint: string;
  readonly expiresAtMs: number;
}

/** A digest of the request members that must match for a retry to count as the same request. */
export function requestFingerprint(members: unknown): string {
  return createHash('sha256').update(JSON.stringify(members)).digest('base64');
}

function recordKey(token: string): Uint8Array {
  return Buffer.concat([Buffer.from([KeyPrefix.idempotencyTokens, RECORD]), Buffer.from(token)]);
}

function expiryKey(expiresAtMs: number, token: string): Uint8Array {
  const key = Buffer.alloc(10 + Buffer.byteLength(token));
  key[0] = KeyPrefix.idempotencyTokens;
  key[1] = EXPIRY;
  key.writeBigUInt64BE(BigInt(expiresAtMs), 2);
  key.write(token, 10);
  return key;
}

async function readRecord(tx: ReadTransaction, token: string): Promise<TokenRecord | undefined> {
  const bytes = await tx.get(recordKey(token));
  return bytes === undefined
    ? undefined
    : (JSON.parse(Buffer.from(bytes).toString()) as TokenRecord);
}

/**
 * The earlier result for `token` when it is still live and was given for the same request;
 * `IdempotentParameterMismatchException` (DynamoDB Local 3.3's empty message) for another request.
 */
export async function findIdempotentResult(
  tx: ReadTransaction,
  token: string,
  fingerprint: string,
  nowMs: number,
): Promise<IdempotentResult | undefined> {
  const record = await readRecord(tx, token);
  if (record === undefined || record.expiresAtMs <= nowMs) return undefined;
  if (record.fingerprint !== fingerprint) {
    throw new DynamoDbError('IdempotentParameterMismatchException', '');
  }
  return record;
}

/** Stores the token in the transaction that made the writes, replacing an expired record. */
export async function recordIdempotentResult(
  tx: WriteTransaction,
  token: string,
  fingerprint: string,
  nowMs: number,
  result: IdempotentResult,
): Promise<void> {
  const previous = await readRecord(tx, token);
  if (previous !== undefined) tx.delete(expiryKey(previous.expiresAtMs, token));
  const expiresAtMs = nowMs + IDEMPOTENCY_WINDOW_MS;
  const record: TokenRecord = { fingerprint, expiresAtMs, unitsByTable: result.unitsByTable };
  tx.put(recordKey(token), Buffer.from(JSON.stringify(record)));
  tx.put(expiryKey(expiresAtMs, token), new Uint8Array(0));
}

/** Deletes up to one batch of expired tokens; true when more may be waiting. */
export async function sweepExpiredTokens(tx: WriteTransaction, nowMs: number): Promise<boolean> {
  const start = Uint8Array.from([KeyPrefix.idempotencyTokens, EXPIRY]);
  const end = expiryKey(nowMs + 1, '');
  let swept = 0;
  for await (const { key } of tx.scan({ start, end, limit: SWEEP_BATCH })) {
    const token = Buffer.from(key.subarray(10)).toString();
    const expiresAtMs = Number(Buffer.from(key).readBigUInt64BE(2));
    tx.delete(key);
    const record = await readRecord(tx, token);
    if (record?.expiresAtMs === expiresAtMs) tx.delete(recordKey(token));
    swept++;
  }
  return swept === SWEEP_BATCH;
}

/** The background job that forgets tokens once their 10 minutes are over. */
export const idempotencyTokenSweeper: BackgroundJob = {
  name: 'idempotency-token-sweeper',
  intervalMs: 60_000,
  step: ({ store, now }) => store.write((tx) => sweepExpiredTokens(tx, now())),
};
