// Background jobs (index backfill, TTL sweeper, stream trimming, trigger dispatch, …), each run
// by exactly one process at a time under a lease in the store — so the same code is correct with
// one process, several worker processes, or several machines sharing one store.

import { randomUUID } from 'node:crypto';
import type { ServerConfig } from '../config/server-config.js';
import type { StorageEngine } from '../storage/engine.js';
import { acquireLease, releaseLease } from '../storage/lease.js';

export interface JobContext {
  readonly store: StorageEngine;
  readonly config: ServerConfig;
  /** Epoch milliseconds; injectable so tests control time. */
  readonly now: () => number;
  /** Logs a job failure (the runner keeps going and retries at the next interval). */
  readonly logError: (message: string, error: unknown) => void;
}

export interface BackgroundJob {
  /** Unique; also the lease's name. */
  readonly name: string;
  /** Pause between steps when the previous step found nothing more to do. */
  readonly intervalMs: number;
  /**
   * One bounded step of work (e.g. at most a few hundred items), so that it never holds the
   * store for long. Returns true when more work is waiting: the runner then runs it again soon.
   */
  step(context: JobContext): Promise<boolean>;
}

/** Runs registered jobs in this process whenever this process holds each job's lease. */
export class BackgroundJobRunner {
  private readonly jobs: BackgroundJob[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  /** Each job's latest step in this process; steps of one job run one after another. */
  private readonly lastStep = new Map<string, Promise<boolean>>();
  private readonly owner = `${process.pid}-${randomUUID()}`;
  private stopped = true;

  constructor(private readonly context: JobContext) {}

  register(job: BackgroundJob): void {
    if (this.jobs.some((known) => known.name === job.name)) {
      throw new Error(`background job ${job.name} registered twice`);
    }
    this.jobs.push(job);
    if (!this.stopped) this.schedule(job, 0);
  }

  start(): void {
    this.stopped = false;
    for (const job of this.jobs) this.schedule(job, 0);
  }

  /** Stops scheduling, waits for steps in progress, and gives up this process's leases. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running);
    await Promise.all(
      this.jobs.map((job) => releaseLease(this.context.store, job.name, this.owner)),
    );
  }

  /**
   * Runs every job until none reports more work (at most `maxSteps` steps each), whether or not
   * its interval is due — for tests and for shutdown paths that must not leave work behind.
   */
  async drain(maxSteps = 10_000): Promise<void> {
    for (const job of this.jobs) {
      for (let steps = 0; steps < maxSteps; steps++) {
        if (!(await this.runStep(job))) break;
      }
    }
  }

  private schedule(job: BackgroundJob, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(job.name);
      const step = this.runStep(job).then(
        (more) => this.schedule(job, more ? 0 : job.intervalMs),
        () => this.schedule(job, job.intervalMs),
      );
      const tracked = step.finally(() => this.running.delete(tracked));
      this.running.add(tracked);
    }, delayMs);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  /**
   * One step of `job`, after any step of it already running in this process (a timer-started
   * step and a `drain()` must never run one job twice at once).
   */
  private runStep(job: BackgroundJob): Promise<boolean> {
    const previous = this.lastStep.get(job.name) ?? Promise.resolve(false);
    const step = previous.then(() => this.stepUnderLease(job));
    this.lastStep.set(job.name, step);
    return step;
  }

  /** One step under the lease; false when another process holds it or the step failed. */
  private async stepUnderLease(job: BackgroundJob): Promise<boolean> {
    const { store, now, logError } = this.context;
    try {
      const leaseMs = Math.max(30_000, job.intervalMs * 3);
      if (!(await acquireLease(store, job.name, this.owner, leaseMs, now()))) return false;
      return await job.step(this.context);
    } catch (error) {
      logError(`background job ${job.name} failed`, error);
      return false;
    }
  }
}
