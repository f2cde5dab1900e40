// The settings one OpenDDB server runs with (from CLI flags, env vars or startServer options).

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Directory of the embedded (lmdb) store; ignored when `inMemory`. */
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly region: string;
  readonly accountId: string;
  readonly logLevel: LogLevel;
  /** Seconds between an item's TTL expiry and its deletion (DynamoDB: up to a few days). */
  readonly ttlDelaySeconds?: number;
  /** A JSON file of trigger mappings (src/triggers/trigger-mapping.ts), run as background jobs. */
  readonly triggersFile?: string;
  /** Bearer token of the admin HTTP API under /admin; unset: /admin answers 404. */
  readonly adminToken?: string;
  /** How long a stream shard stays open before it rolls over into a child (default 4 hours). */
  readonly streamShardRolloverMs?: number;
}

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8000,
  host: '127.0.0.1',
  dataDir: './data',
  inMemory: false,
  region: 'us-east-1',
  accountId: '000000000000',
  logLevel: 'info',
};
