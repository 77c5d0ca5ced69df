import { Clock } from '@kanri/common/clock/clock';

/** A clock that tests move by hand (SPEC §0 "The clock is injectable"). Starts at the real time unless set. */
export class TestClock extends Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;

  override now(): Date {
    return this.fixed ? new Date(this.fixed.getTime() + this.offsetMs) : new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date | string): void {
    this.fixed = new Date(instant);
    this.offsetMs = 0;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }

  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}
