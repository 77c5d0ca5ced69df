import { Injectable } from '@nestjs/common';

/**
 * The business clock. Everything that asks "what time is it" asks this, so tests can move time
 * (`TestClock` in test/support) and jobs can be driven through days.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
