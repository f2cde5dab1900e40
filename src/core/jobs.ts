// Every background job the server runs (see background-jobs.ts), registered at start-up.

import type { BackgroundJob } from './background-jobs.js';
import { idempotencyTokenSweeper } from './idempotency.js';
import { indexBackfillJob } from './index-backfill.js';
import { streamMaintenanceJob } from './streams/stream-job.js';
import { ttlSweeperJob } from './ttl-sweeper.js';

/** The jobs of one server; each issue that needs one (backfill, TTL, streams, triggers) adds it. */
export function serverJobs(): BackgroundJob[] {
  return [indexBackfillJob, idempotencyTokenSweeper, ttlSweeperJob, streamMaintenanceJob];
}
