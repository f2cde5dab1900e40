// Unit tests for turning flags and OPENDDB_* variables into a ServerConfig.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, configFromEnv, resolveConfig } from './resolve-config.js';
import { DEFAULT_CONFIG } from './server-config.js';

test('defaults when nothing is given', () => {
  assert.deepEqual(resolveConfig({}), DEFAULT_CONFIG);
});

test('flags win over the environment', () => {
  const env = configFromEnv({
    OPENDDB_PORT: '9000',
    OPENDDB_HOST: '0.0.0.0',
    OPENDDB_REGION: 'eu-west-1',
    OPENDDB_LOG_LEVEL: 'debug',
    OPENDDB_ACCOUNT_ID: '123456789012',
    OPENDDB_IN_MEMORY: '1',
  });
  const config = resolveConfig({ port: '9001', region: 'ap-south-1' }, env);
  assert.equal(config.port, 9001);
  assert.equal(config.region, 'ap-south-1');
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.accountId, '123456789012');
  assert.equal(config.inMemory, true);
});

test('--data beats OPENDDB_IN_MEMORY; --data with --in-memory is an error', () => {
  const env = configFromEnv({ OPENDDB_IN_MEMORY: 'true' });
  assert.equal(resolveConfig({ data: '/tmp/x' }, env).inMemory, false);
  assert.throws(() => resolveConfig({ data: '/tmp/x', inMemory: true }), ConfigError);
});

test('bad values are ConfigErrors with a clear message', () => {
  const cases: [Parameters<typeof resolveConfig>[0], RegExp][] = [
    [{ port: 'abc' }, /invalid port 'abc'/],
    [{ port: '65536' }, /invalid port/],
    [{ port: '-1' }, /invalid port/],
    [
      { logLevel: 'verbose' },
      /invalid log level 'verbose': expected one of error, warn, info, debug/,
    ],
    [{ accountId: '123' }, /invalid account id/],
    [{ region: 'US East' }, /invalid region/],
    [{ host: '' }, /host must not be empty/],
  ];
  for (const [flags, message] of cases) {
    assert.throws(
      () => resolveConfig(flags),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        return true;
      },
    );
  }
  assert.throws(
    () => resolveConfig({}, configFromEnv({ OPENDDB_IN_MEMORY: 'maybe' })),
    /OPENDDB_IN_MEMORY/,
  );
});

test('TTL delay (seconds) and stream shard rollover (minutes)', () => {
  const env = configFromEnv({ OPENDDB_TTL_DELAY: '0', OPENDDB_STREAM_SHARD_ROLLOVER: '30' });
  const config = resolveConfig({}, env);
  assert.equal(config.ttlDelaySeconds, 0);
  assert.equal(config.streamShardRolloverMs, 30 * 60_000);
  assert.equal(resolveConfig({ ttlDelay: '60' }, env).ttlDelaySeconds, 60);
  assert.throws(() => resolveConfig({ ttlDelay: '-1' }), ConfigError);
  assert.throws(() => resolveConfig({ streamShardRollover: '0' }), ConfigError);
  assert.throws(() => resolveConfig({ streamShardRollover: 'soon' }), /stream shard rollover/);
});
