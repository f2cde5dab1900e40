// `openddb triggers list|create|update|delete`: manages trigger mappings through a running server's
// admin HTTP API, with Lambda's event source mapping field names.

import { parseArgs } from 'node:util';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const HELP = `Usage: openddb triggers <command> [options]

Manages trigger mappings (Lambda event source mappings) of a running server through its admin API.

Commands:
  list [--event-source-arn <arn>] [--function-name <handler>]
  create --event-source-arn <table or stream arn> --function-name <module path or URL> [options]
  update <UUID> [options]
  delete <UUID>

Options:
  --endpoint <url>             the server (OPENDDB_ENDPOINT, default http://127.0.0.1:8000)
  --admin-token <token>        its admin token (OPENDDB_ADMIN_TOKEN)
  --batch-size <n>             BatchSize (1-10000)
  --starting-position <pos>    StartingPosition: TRIM_HORIZON or LATEST (create only)
  --enabled <true|false>       Enabled
  --options <json>             any other fields, as a JSON object (e.g. '{"MaximumRetryAttempts":3}')
  -h, --help                   show this help
`;

const OPTIONS = {
  endpoint: { type: 'string' },
  'admin-token': { type: 'string' },
  'event-source-arn': { type: 'string' },
  'function-name': { type: 'string' },
  'batch-size': { type: 'string' },
  'starting-position': { type: 'string' },
  enabled: { type: 'string' },
  options: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

class UsageError extends Error {}

/** Runs one triggers subcommand; resolves to the process exit code. */
export async function runTriggersCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let request: { method: string; path: string; body?: Record<string, unknown> };
  let values: Values;
  try {
    const parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
    values = parsed.values;
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    request = requestOf(parsed.positionals, values);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `openddb triggers: ${message}\nRun 'openddb triggers --help' for usage.\n`,
    );
    return EXIT_USAGE;
  }
  const endpoint = (values.endpoint ?? env.OPENDDB_ENDPOINT ?? 'http://127.0.0.1:8000').replace(
    /\/+$/,
    '',
  );
  const token = values['admin-token'] ?? env.OPENDDB_ADMIN_TOKEN ?? '';
  let response: Response;
  try {
    response = await fetch(`${endpoint}${request.path}`, {
      method: request.method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  } catch (error) {
    process.stderr.write(`openddb triggers: cannot reach ${endpoint}: ${String(error)}\n`);
    return EXIT_FAILURE;
  }
  const text = await response.text();
  if (!response.ok) {
    const message = (safeJson(text) as { message?: string } | undefined)?.message ?? text;
    process.stderr.write(`openddb triggers: ${response.status}: ${message}\n`);
    return EXIT_FAILURE;
  }
  process.stdout.write(`${JSON.stringify(safeJson(text), null, 2)}\n`);
  return 0;
}

function requestOf(
  positionals: readonly string[],
  values: Values,
): { method: string; path: string; body?: Record<string, unknown> } {
  const [command, uuid, ...extra] = positionals;
  const base = '/admin/event-source-mappings';
  const needsUuid = command === 'update' || command === 'delete';
  if (extra.length > 0 || (needsUuid ? uuid === undefined : uuid !== undefined)) {
    throw new UsageError(needsUuid ? `${command} takes one UUID` : 'unexpected arguments');
  }
  switch (command) {
    case 'list': {
      const query = new URLSearchParams();
      if (values['event-source-arn'] !== undefined) {
        query.set('EventSourceArn', values['event-source-arn']);
      }
      if (values['function-name'] !== undefined) {
        query.set('FunctionName', values['function-name']);
      }
      const search = query.toString();
      return { method: 'GET', path: search === '' ? base : `${base}?${search}` };
    }
    case 'create':
      return { method: 'POST', path: base, body: fields(values, true) };
    case 'update':
      return { method: 'PUT', path: `${base}/${encodeURIComponent(uuid!)}`, body: fields(values) };
    case 'delete':
      return { method: 'DELETE', path: `${base}/${encodeURIComponent(uuid!)}` };
    default:
      throw new UsageError(
        command === undefined ? 'missing command' : `unknown command '${command}'`,
      );
  }
}

/** The request body: --options first, then the named flags over it. */
function fields(values: Values, create = false): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.options !== undefined) {
    const parsed = safeJson(values.options);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UsageError('--options must be a JSON object');
    }
    Object.assign(body, parsed);
  }
  if (create && values['event-source-arn'] !== undefined) {
    body.EventSourceArn = values['event-source-arn'];
  }
  if (values['function-name'] !== undefined) body.FunctionName = values['function-name'];
  if (values['batch-size'] !== undefined) {
    const size = Number(values['batch-size']);
    if (!Number.isInteger(size)) throw new UsageError('--batch-size must be an integer');
    body.BatchSize = size;
  }
  if (create && values['starting-position'] !== undefined) {
    body.StartingPosition = values['starting-position'];
  }
  if (values.enabled !== undefined) {
    if (values.enabled !== 'true' && values.enabled !== 'false') {
      throw new UsageError('--enabled must be true or false');
    }
    body.Enabled = values.enabled === 'true';
  }
  return body;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
