// Checks and conversions of the table settings CreateTable and UpdateTable share, with DynamoDB's messages.

import type { ServerConfig } from '../config/server-config.js';
import { validationError } from '../errors/dynamodb-error.js';
import type { SseDescription, StreamSetting, StreamViewType } from './table-definition.js';

export interface ProvisionedThroughputInput {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

export interface SseSpecificationInput {
  Enabled?: boolean;
  SSEType?: 'AES256' | 'KMS';
  KMSMasterKeyId?: string;
}

export interface StreamSpecificationInput {
  StreamEnabled?: boolean;
  StreamViewType?: StreamViewType;
}

/** DynamoDB's hard upper bound on a capacity value (beyond any account limit). */
const MAX_CAPACITY_UNITS = 1_000_000_000_000;

export const INVALID = 'One or more parameter values were invalid: ';

/** `Given value … for ReadCapacityUnits is out of bounds`, read units checked first. */
export function checkThroughputBounds(throughput: ProvisionedThroughputInput): void {
  for (const field of ['ReadCapacityUnits', 'WriteCapacityUnits'] as const) {
    const value = throughput[field];
    if (value !== undefined && value > MAX_CAPACITY_UNITS) {
      throw validationError(`Given value ${value} for ${field} is out of bounds`);
    }
  }
}

export function payPerRequestWithThroughputError(): Error {
  return validationError(
    INVALID +
      'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
  );
}

/**
 * An update that would not change the throughput of the table (`subject` 'table') or of a GSI
 * (`index <name>`); DynamoDB's words, as dynalite and DynamoDB's answers to Terraform record them.
 */
export function unchangedThroughputError(
  subject: string,
  current: { ReadCapacityUnits: number; WriteCapacityUnits: number },
  requested: ProvisionedThroughputInput,
): Error {
  const noun = subject.split(' ')[0]!;
  return validationError(
    `The provisioned throughput for the ${subject} will not change. The requested value equals the current value. ` +
      `Current ReadCapacityUnits provisioned for the ${noun}: ${current.ReadCapacityUnits}. ` +
      `Requested ReadCapacityUnits: ${requested.ReadCapacityUnits}. ` +
      `Current WriteCapacityUnits provisioned for the ${noun}: ${current.WriteCapacityUnits}. ` +
      `Requested WriteCapacityUnits: ${requested.WriteCapacityUnits}. ` +
      'Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.',
  );
}

/** A stream specification must name a view type exactly when it enables the stream. */
export function checkStreamSpecification(spec: StreamSpecificationInput): void {
  if (spec.StreamEnabled === true && spec.StreamViewType === undefined) {
    throw validationError(
      'Invalid StreamViewType: Stream ViewType must not be null or empty when enabling streams.',
    );
  }
  if (spec.StreamEnabled !== true && spec.StreamViewType !== undefined) {
    throw validationError(
      'Invalid StreamViewType: Stream StreamEnabled was false but a StreamViewType was present.',
    );
  }
}

/** DynamoDB's stream label: the enabling time as ISO-8601 without the zone, e.g. 2015-05-11T21:21:33.291. */
export function streamLabel(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, -1);
}

export function enabledStream(spec: StreamSpecificationInput, nowMs: number): StreamSetting {
  return { enabled: true, viewType: spec.StreamViewType, latestLabel: streamLabel(nowMs) };
}

/**
 * SSEDescription for a KMS-encrypted table, or undefined for DynamoDB's default encryption (an
 * AWS owned key: no SSEDescription). DynamoDB resolves key ids and aliases to key ARNs; without
 * KMS we can only qualify them. The AWS managed key (`alias/aws/dynamodb`) gets a stable id
 * derived from the account and region.
 */
export function sseDescription(
  spec: SseSpecificationInput | undefined,
  config: ServerConfig,
): SseDescription | undefined {
  if (spec?.Enabled !== true || spec.SSEType === 'AES256') return undefined;
  return {
    Status: 'ENABLED',
    SSEType: 'KMS',
    KMSMasterKeyArn: kmsKeyArn(spec.KMSMasterKeyId, config),
  };
}

function kmsKeyArn(keyId: string | undefined, config: ServerConfig): string {
  const prefix = `arn:aws:kms:${config.region}:${config.accountId}:`;
  if (keyId === undefined) return `${prefix}key/${managedKeyId(config)}`;
  if (keyId.startsWith('arn:')) return keyId;
  if (keyId.startsWith('alias/')) return prefix + keyId;
  return `${prefix}key/${keyId}`;
}

/** A UUID-shaped id that is the same on every run for one account and region. */
function managedKeyId(config: ServerConfig): string {
  let hash = '';
  let seed = 0x811c9dc5;
  for (const part of [config.accountId, config.region, 'aws/dynamodb', 'x', 'y', 'z']) {
    for (const char of part) seed = Math.imul(seed ^ char.charCodeAt(0), 0x01000193) >>> 0;
    hash += seed.toString(16).padStart(8, '0');
  }
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`;
}
