import type { INestApplication } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { SCHEDULE_CRON_OPTIONS, SCHEDULE_INTERVAL_OPTIONS } from '@nestjs/schedule/dist/schedule.constants';
import { JobRunner, type JobOutcome } from '@kanri/common/jobs/job-runner.service';

/**
 * The scheduled jobs of an app, found generically: every provider whose class name ends in `Job` (house style:
 * one class per job, `usage-stop.job.ts`) and its methods that carry `@Cron`/`@Interval` metadata. Jobs other
 * engineers add later are found the same way.
 */

export interface ScheduledJob {
  className: string;
  instance: Record<string, unknown>;
  methods: string[];
}

export function discoverJobs(app: INestApplication): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  for (const wrapper of app.get(DiscoveryService).getProviders()) {
    const type = wrapper.metatype as (new (...args: unknown[]) => object) | undefined;
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!type?.name?.endsWith('Job') || !instance || typeof instance !== 'object') continue;
    const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const methods = Object.getOwnPropertyNames(proto).filter((name) => {
      const fn = proto[name];
      return (
        typeof fn === 'function' &&
        (Reflect.getMetadata(SCHEDULE_CRON_OPTIONS, fn) !== undefined ||
          Reflect.getMetadata(SCHEDULE_INTERVAL_OPTIONS, fn) !== undefined)
      );
    });
    if (methods.length && !jobs.some((j) => j.instance === instance))
      jobs.push({ className: type.name, instance, methods });
  }
  return jobs.sort((a, b) => a.className.localeCompare(b.className));
}

export interface RunRecord {
  instance: string;
  name: string;
  slot: string;
  outcome: JobOutcome | 'failed';
}

/**
 * Records every `runOnce` of the app's JobRunner (job name, slot, outcome) from now on. The returned function
 * stops recording.
 */
export function recordJobRuns(app: INestApplication, label: string, into: RunRecord[]): () => void {
  const runner = app.get(JobRunner) as JobRunner & { runOnce: JobRunner['runOnce'] };
  const original = runner.runOnce.bind(runner);
  runner.runOnce = async (name, slot, work, leaseMs) => {
    try {
      const outcome = await original(name, slot, work, leaseMs);
      into.push({ instance: label, name, slot, outcome });
      return outcome;
    } catch (error) {
      into.push({ instance: label, name, slot, outcome: 'failed' });
      throw error;
    }
  };
  return () => {
    runner.runOnce = original;
  };
}

/**
 * Fires every scheduled method of every job of `app` once, as the schedule would (`schedulesEnabled` forced on
 * for the duration, so the method takes its JobRunner lock exactly as in production). Errors are collected.
 */
export async function fireAllJobs(app: INestApplication): Promise<{ job: string; error?: string }[]> {
  const runner = app.get(JobRunner);
  Object.defineProperty(runner, 'schedulesEnabled', { configurable: true, get: () => true });
  try {
    const results: { job: string; error?: string }[] = [];
    await Promise.all(
      discoverJobs(app).flatMap((job) =>
        job.methods.map(async (m) => {
          try {
            await (job.instance[m] as () => Promise<void>).call(job.instance);
            results.push({ job: `${job.className}.${m}` });
          } catch (error) {
            results.push({ job: `${job.className}.${m}`, error: (error as Error).message });
          }
        }),
      ),
    );
    return results;
  } finally {
    delete (runner as unknown as Record<string, unknown>).schedulesEnabled;
  }
}
