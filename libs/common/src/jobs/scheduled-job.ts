import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { businessDate } from '../clock/business-date';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { JobAuditTrail } from './job-audit-trail';
import { JobRunner, type JobOutcome } from './job-runner.service';

/**
 * Which occurrence a tick serves: the business date in APP_TIMEZONE (`2026-11-22`), the UTC hour (`2026-11-22T10`)
 * or the UTC minute (`2026-11-22T10:05`). Every instance ticking in the same occurrence competes for one
 * `job_runs` row, so the occurrence runs once across instances; later ticks in it are no-ops.
 */
export type SlotRule = 'business-day' | 'hour' | 'minute';

/** What a job file declares about itself (`@ScheduledJob({...})`); the rest is the runner's. */
export interface JobDefinition {
  /** `job_runs.name`, the cron's name and, for an audited run, `job:<name>` in the operation history. */
  name: string;
  /** How the log names the job when a run fails (`<label> <slot> failed: <message>`). */
  label: string;
  /** When it ticks (cron syntax, in the process's time zone). */
  cron: string;
  slot: SlotRule;
  /** Also runs the current occurrence at start, to catch up on one missed while every instance was down. */
  atStart?: boolean;
  /** Ticks only when this answers true (a job an operator switches on by a setting). */
  enabledWhen?: (config: AppConfig) => boolean;
  /**
   * The run's row in the operation history, as the system operator. Without it, a run leaves no row of its own
   * (the work records its own rows, e.g. one per organization it acts on, or none when it finds nothing to do).
   */
  audit?: {
    /** 画面名 of the row. */
    screen: string;
    operation: 'register' | 'update' | 'delete';
    /** The row's details, from the occurrence it serves. */
    details?: (slot: string) => Record<string, unknown>;
  };
}

const DEFINITION = Symbol('kanri:scheduled-job');

/**
 * Declares a scheduled job: its name, schedule, slot rule and (optionally) the audit row of its runs. The class
 * extends `Job` and writes only its work. The decorator gives the class its own `@Cron` method `onSchedule`, so the
 * schedule (and anything that lists a module's scheduled methods) finds it on the job class itself.
 */
export function ScheduledJob(definition: JobDefinition): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(DEFINITION, definition, target);
    const proto = target.prototype as Record<string, unknown>;
    // An own method (not only the inherited one) carries the @Cron metadata of this job's schedule.
    const onSchedule = async function (this: Job): Promise<void> {
      await Job.prototype.onSchedule.call(this);
    };
    Object.defineProperty(proto, 'onSchedule', { value: onSchedule, writable: true, configurable: true });
    Cron(definition.cron, { name: definition.name })(
      proto,
      'onSchedule',
      Object.getOwnPropertyDescriptor(proto, 'onSchedule') as TypedPropertyDescriptor<unknown>,
    );
    Injectable()(target);
  };
}

/**
 * The skeleton every scheduled job shares. The job's occurrence runs through the JobRunner (claimed once across
 * instances, lease renewed while it runs, given back on failure); a failure of a scheduled tick is logged and
 * answered 'failed', since nobody awaits a cron tick; the run's audit row, when the definition asks for one, wraps
 * the work. Tests call `runNow()` (through the runner) or `runWork()` (the audited work alone, no claim).
 */
export abstract class Job<R = void> implements OnApplicationBootstrap {
  @Inject(JobRunner) protected readonly runner!: JobRunner;
  @Inject(Clock) protected readonly clock!: Clock;
  @Inject(AppConfig) protected readonly config!: AppConfig;
  @Inject(JobAuditTrail) private readonly auditTrail!: JobAuditTrail;

  /** The work of one occurrence (`slot`): idempotent and resumable, since a crashed run is taken over. */
  protected abstract work(slot: string): Promise<R>;

  /**
   * Whether the occurrence has anything to do; when it answers false the run is done without work and without an
   * audit row (a job that checks hourly would otherwise fill the history with no-ops).
   */
  protected isDue(_slot: string): Promise<boolean> {
    return Promise.resolve(true);
  }

  get definition(): JobDefinition {
    const definition = Reflect.getMetadata(DEFINITION, this.constructor) as JobDefinition | undefined;
    if (!definition) throw new Error(`${this.constructor.name} is not declared with @ScheduledJob`);
    return definition;
  }

  /** The occurrence the clock is in now. */
  currentSlot(): string {
    const now = this.clock.now();
    switch (this.definition.slot) {
      case 'business-day':
        return businessDate(now, this.config.timeZone);
      case 'hour':
        return now.toISOString().slice(0, 13);
      case 'minute':
        return now.toISOString().slice(0, 16);
    }
  }

  /** Whether the schedule fires this job in this process (off in tests, which call jobs directly). */
  get scheduled(): boolean {
    const { enabledWhen } = this.definition;
    return this.runner.schedulesEnabled && (!enabledWhen || enabledWhen(this.config));
  }

  /** A schedule tick: the current occurrence, when the schedule runs in this process. */
  async onSchedule(): Promise<void> {
    if (!this.scheduled) return;
    await this.runNow();
  }

  /** Catch-up at start for jobs declared `atStart`, in the background so that start-up does not wait for it. */
  onApplicationBootstrap(): void {
    if (this.definition.atStart && this.scheduled) void this.runNow();
  }

  /** The current occurrence through the JobRunner; 'skipped' when another instance has (had) it. */
  runNow(): Promise<JobOutcome | 'failed'> {
    const slot = this.currentSlot();
    const { name, label } = this.definition;
    return this.runner.tryOnce(name, slot, `${label} ${slot}`, async () => {
      await this.runWork(slot);
    });
  }

  /** One occurrence's work with its audit row, without claiming it; undefined when it was not due. */
  async runWork(slot = this.currentSlot()): Promise<R | undefined> {
    if (!(await this.isDue(slot))) return undefined;
    const { name, audit } = this.definition;
    if (!audit) return this.work(slot);
    return this.auditTrail.runAsSystem(
      { name, screen: audit.screen, operation: audit.operation, details: audit.details?.(slot) },
      () => this.work(slot),
    );
  }
}
