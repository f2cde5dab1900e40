#!/usr/bin/env node
// The `openddb` command: `openddb serve` runs a server until SIGINT/SIGTERM.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  configFromEnv,
  resolveConfig,
  type ConfigInput,
} from '../config/resolve-config.js';
import type { ServerConfig } from '../config/server-config.js';
import { resolveWorkerCount, type WorkerCount } from '../config/worker-count.js';
import type { RunningServer } from '../index.js';
import { packageVersion } from './package-version.js';

/** Exit codes: 1 the server could not run, 2 the command line was wrong. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const HELP = `Usage: openddb serve [options]
       openddb triggers list|create|update|delete [options]   (openddb triggers --help)

A self-hosted server that speaks the Amazon DynamoDB API.

Options (each also read from the environment variable shown; flags win):
  --port <n>                port to listen on, 0 for any free port (OPENDDB_PORT, default 8000)
  --host <address>          address to bind (OPENDDB_HOST, default 127.0.0.1)
  --data <dir>              data directory (OPENDDB_DATA, default ./data)
  --in-memory               keep all data in memory, lost on exit (OPENDDB_IN_MEMORY=1)
  --workers <n>             serving processes sharing the port and the data directory
                            (OPENDDB_WORKERS, default: the number of cores; 1 with --in-memory)
  --region <name>           region used in ARNs (OPENDDB_REGION, default us-east-1)
  --account-id <12 digits>  account id used in ARNs (OPENDDB_ACCOUNT_ID, default 000000000000)
  --log-level <level>       error, warn, info or debug (OPENDDB_LOG_LEVEL, default info)
  --triggers <file>         JSON file of trigger mappings (OPENDDB_TRIGGERS)
  --admin-token <token>     enables the admin HTTP API under /admin with this bearer token
                            (OPENDDB_ADMIN_TOKEN; without it /admin answers 404)
  --ttl-delay <seconds>     how long after expiry TTL deletes an item (OPENDDB_TTL_DELAY,
                            default 5; DynamoDB itself takes up to a few days)
  --stream-shard-rollover <minutes>
                            how often stream shards roll over into child shards
                            (OPENDDB_STREAM_SHARD_ROLLOVER, default 240)
  -h, --help                show this help
  -v, --version             show the version
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  'in-memory': { type: 'boolean' },
  workers: { type: 'string' },
  region: { type: 'string' },
  'account-id': { type: 'string' },
  'log-level': { type: 'string' },
  triggers: { type: 'string' },
  'admin-token': { type: 'string' },
  'ttl-delay': { type: 'string' },
  'stream-shard-rollover': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'triggers') {
    const { runTriggersCommand } = await import('./triggers-command.js');
    return runTriggersCommand(argv.slice(1), process.env);
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return print(HELP);
  if (values.version) return print(`${packageVersion()}\n`);
  const [command, ...rest] = positionals;
  if (command !== 'serve' || rest.length > 0) {
    return usageError(command === undefined ? 'missing command' : `unknown command '${command}'`);
  }
  const flags: ConfigInput = {
    port: values.port,
    host: values.host,
    data: values.data,
    inMemory: values['in-memory'],
    region: values.region,
    accountId: values['account-id'],
    logLevel: values['log-level'],
    triggers: values.triggers,
    adminToken: values['admin-token'],
    ttlDelay: values['ttl-delay'],
    streamShardRollover: values['stream-shard-rollover'],
  };
  let config: ServerConfig;
  let count: WorkerCount;
  try {
    config = resolveConfig(flags, configFromEnv(process.env));
    count = resolveWorkerCount(values.workers, process.env.OPENDDB_WORKERS, config.inMemory);
  } catch (error) {
    if (error instanceof ConfigError) return usageError(error.message);
    throw error;
  }
  if (count.note !== undefined) process.stderr.write(`openddb: ${count.note}\n`);
  config = { ...config, dataDir: resolve(config.dataDir) };
  // Workers may not share the primary's cwd assumptions: pass an absolute triggers path.
  if (config.triggersFile !== undefined) {
    config = { ...config, triggersFile: resolve(config.triggersFile) };
  }
  return count.workers > 1 ? serveCluster(config, count.workers) : serve(config);
}

/** `workers` serving processes (the primary and its forks) on one port and one data directory. */
async function serveCluster(config: ServerConfig, workers: number): Promise<number> {
  const signalled = untilSignal();
  const { runCluster } = await import('../cluster/primary.js');
  let started = false;
  try {
    await runCluster({
      config,
      workers,
      stopSignal: signalled.then(forceOnSecondSignal),
      onListening: (endpoint) => {
        started = true;
        printListening(endpoint, config);
      },
      onWorkerDeath: (message) => process.stderr.write(`openddb: ${message}\n`),
    });
  } catch (error) {
    // Before the startup line, a failure is a startup failure; after it, a crash.
    if (started) throw error;
    process.stderr.write(`openddb: ${await startupFailure(error, config)}\n`);
    return EXIT_FAILURE;
  }
  return 0;
}

async function serve(config: ServerConfig): Promise<number> {
  // Listen for signals before anything is printed: a supervisor may signal as soon as it sees the
  // startup line, and without a listener Node would die of the signal instead of shutting down.
  const signalled = untilSignal();
  let server: RunningServer;
  try {
    // Loaded here so --help and usage errors answer without loading the whole server.
    const { startServer } = await import('../index.js');
    server = await startServer(config);
  } catch (error) {
    process.stderr.write(`openddb: ${await startupFailure(error, config)}\n`);
    return EXIT_FAILURE;
  }
  printListening(server.endpoint, config);
  await signalled.then(forceOnSecondSignal);
  await server.close();
  return 0;
}

function printListening(endpoint: string, config: ServerConfig): void {
  const where = config.inMemory ? 'in memory' : `data: ${config.dataDir}`;
  process.stdout.write(`OpenDDB ${packageVersion()} listening on ${endpoint} (${where})\n`);
}

/** A second signal while draining means "now": exit without waiting (workers follow their primary). */
function forceOnSecondSignal(): void {
  const force = () => process.exit(EXIT_FAILURE);
  process.once('SIGINT', force).once('SIGTERM', force);
}

/** A clear sentence for the failures users cause: port taken, data directory locked or unwritable. */
async function startupFailure(error: unknown, config: ServerConfig): Promise<string> {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return `port ${config.port} on ${config.host} is already in use (is another server running?)`;
  }
  if (code === 'EADDRNOTAVAIL' || code === 'EACCES') {
    return `cannot listen on ${config.host}:${config.port} (${String(code)})`;
  }
  if (!config.inMemory) {
    const { StoreLockedError, StoreUnwritableError } =
      await import('../storage/lmdb/lmdb-engine.js');
    if (error instanceof StoreLockedError || error instanceof StoreUnwritableError) {
      return error.message;
    }
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolveSignal) => {
    process.once('SIGINT', resolveSignal).once('SIGTERM', resolveSignal);
  });
}

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function usageError(message: string): number {
  process.stderr.write(`openddb: ${message}\nRun 'openddb --help' for usage.\n`);
  return EXIT_USAGE;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`openddb: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
