// Turns CLI flags and OPENDDB_* environment variables into a checked ServerConfig (flags win).

import { DEFAULT_CONFIG, type LogLevel, type ServerConfig } from './server-config.js';

/** Settings as text, the way flags and env vars deliver them; absent means "not given". */
export interface ConfigInput {
  readonly port?: string;
  readonly host?: string;
  readonly data?: string;
  readonly inMemory?: boolean | string;
  readonly region?: string;
  readonly accountId?: string;
  readonly logLevel?: string;
  readonly triggers?: string;
  readonly adminToken?: string;
  readonly ttlDelay?: string;
  readonly streamShardRollover?: string;
}

/** A setting the user got wrong; the CLI prints the message and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug'];
const ENV_NAMES: Readonly<Record<keyof ConfigInput, string>> = {
  port: 'OPENDDB_PORT',
  host: 'OPENDDB_HOST',
  data: 'OPENDDB_DATA',
  inMemory: 'OPENDDB_IN_MEMORY',
  region: 'OPENDDB_REGION',
  accountId: 'OPENDDB_ACCOUNT_ID',
  logLevel: 'OPENDDB_LOG_LEVEL',
  triggers: 'OPENDDB_TRIGGERS',
  adminToken: 'OPENDDB_ADMIN_TOKEN',
  ttlDelay: 'OPENDDB_TTL_DELAY',
  streamShardRollover: 'OPENDDB_STREAM_SHARD_ROLLOVER',
};

/** The OPENDDB_* variables present in `env`, as a ConfigInput. */
export function configFromEnv(env: NodeJS.ProcessEnv): ConfigInput {
  const input: Record<string, string> = {};
  for (const [field, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[field] = value;
  }
  return input;
}

/** Merges env and flags (flags win) over the defaults and checks every value. */
export function resolveConfig(flags: ConfigInput, env: ConfigInput = {}): ServerConfig {
  const pick = <K extends keyof ConfigInput>(key: K): ConfigInput[K] => flags[key] ?? env[key];
  const inMemory = resolveInMemory(flags, env);
  const triggersFile = pick('triggers');
  const adminToken = pick('adminToken');
  const ttlDelay = pick('ttlDelay');
  const rollover = pick('streamShardRollover');
  return {
    port: parsePort(pick('port')),
    host: nonEmpty(pick('host') ?? DEFAULT_CONFIG.host, 'host'),
    dataDir: nonEmpty(pick('data') ?? DEFAULT_CONFIG.dataDir, 'data directory'),
    inMemory,
    region: parseRegion(pick('region')),
    accountId: parseAccountId(pick('accountId')),
    logLevel: parseLogLevel(pick('logLevel')),
    ...(triggersFile === undefined
      ? {}
      : { triggersFile: nonEmpty(triggersFile, 'triggers file') }),
    ...(adminToken === undefined ? {} : { adminToken }),
    ...(ttlDelay === undefined
      ? {}
      : { ttlDelaySeconds: parseWholeNumber(ttlDelay, 'TTL delay', 0) }),
    ...(rollover === undefined
      ? {}
      : { streamShardRolloverMs: parseWholeNumber(rollover, 'stream shard rollover', 1) * 60_000 }),
  };
}

/** `--in-memory` and `--data` exclude each other; either flag beats OPENDDB_IN_MEMORY. */
function resolveInMemory(flags: ConfigInput, env: ConfigInput): boolean {
  const flagged =
    flags.inMemory === undefined ? false : parseBoolean(flags.inMemory, '--in-memory');
  if (flagged && flags.data !== undefined) {
    throw new ConfigError('--data and --in-memory cannot be used together');
  }
  if (flags.inMemory !== undefined || flags.data !== undefined) return flagged;
  return env.inMemory === undefined ? false : parseBoolean(env.inMemory, ENV_NAMES.inMemory);
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_CONFIG.port;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new ConfigError(`invalid port '${text}': expected an integer from 0 to 65535`);
  }
  return port;
}

function parseBoolean(value: boolean | string, name: string): boolean {
  if (typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(text)) return false;
  throw new ConfigError(`invalid ${name} '${value}': expected true or false`);
}

function parseRegion(text: string | undefined): string {
  if (text === undefined) return DEFAULT_CONFIG.region;
  // Region names appear in ARNs and endpoints: lowercase letters, digits and dashes.
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(text)) {
    throw new ConfigError(`invalid region '${text}': expected a name like us-east-1`);
  }
  return text;
}

function parseAccountId(text: string | undefined): string {
  if (text === undefined) return DEFAULT_CONFIG.accountId;
  if (!/^\d{12}$/.test(text)) {
    throw new ConfigError(`invalid account id '${text}': expected 12 digits`);
  }
  return text;
}

function parseLogLevel(text: string | undefined): LogLevel {
  if (text === undefined) return DEFAULT_CONFIG.logLevel;
  const level = LOG_LEVELS.find((candidate) => candidate === text);
  if (level === undefined) {
    throw new ConfigError(`invalid log level '${text}': expected one of ${LOG_LEVELS.join(', ')}`);
  }
  return level;
}

function parseWholeNumber(text: string, what: string, min: number): number {
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min)) {
    throw new ConfigError(`invalid ${what} '${text}': expected a whole number of at least ${min}`);
  }
  return value;
}

function nonEmpty(text: string, what: string): string {
  if (text.trim() === '') throw new ConfigError(`the ${what} must not be empty`);
  return text;
}
