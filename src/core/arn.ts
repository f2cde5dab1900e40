// Table ARNs: built from the server's region and account id, and resolved back to table names.

import type { ServerConfig } from '../config/server-config.js';

type ArnConfig = Pick<ServerConfig, 'region' | 'accountId'>;

/** `arn:aws:dynamodb:<region>:<account>:table/<name>`, as DynamoDB's TableArn. */
export function tableArn(config: ArnConfig, tableName: string): string {
  return `arn:aws:dynamodb:${config.region}:${config.accountId}:table/${tableName}`;
}

/** The stream ARN DynamoDB reports as LatestStreamArn. */
export function streamArn(config: ArnConfig, tableName: string, label: string): string {
  return `${tableArn(config, tableName)}/stream/${label}`;
}

export interface ParsedTableArn {
  readonly region: string;
  readonly accountId: string;
  readonly tableName: string;
}

const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:([^:]*):([^:]*):table\/([^/]+)$/;

/** The parts of a table ARN, or undefined when `value` is not one. */
export function parseTableArn(value: string): ParsedTableArn | undefined {
  const match = TABLE_ARN.exec(value);
  if (match === null) return undefined;
  return { region: match[1]!, accountId: match[2]!, tableName: match[3]! };
}

export function isArn(value: string): boolean {
  return value.startsWith('arn:');
}

/**
 * DynamoDB accepts a table ARN wherever a TableName goes. The name a value refers to on this
 * server, or undefined when it is an ARN of another region/account or not a table ARN (both are
 * a table that does not exist here).
 */
export function tableNameFromArnOrName(value: string, config: ArnConfig): string | undefined {
  if (!isArn(value)) return value;
  const arn = parseTableArn(value);
  if (arn === undefined) return undefined;
  if (arn.region !== config.region || arn.accountId !== config.accountId) return undefined;
  return arn.tableName;
}
