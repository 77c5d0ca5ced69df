import { ZonedDateTimeFormat } from './csv-datetime';

describe('ZonedDateTimeFormat', () => {
  it('writes Asia/Tokyo local time', () => {
    const f = new ZonedDateTimeFormat('Asia/Tokyo');
    const instant = new Date('2026-11-21T15:30:05.999Z');
    expect(f.format(instant)).toBe('2026/11/22 00:30:05');
    expect(f.compact(instant)).toBe('20261122003005');
  });

  it('finds where a local day starts, across daylight saving changes too', () => {
    expect(new ZonedDateTimeFormat('Asia/Tokyo').startOfDay('2026-11-22').toISOString()).toBe(
      '2026-11-21T15:00:00.000Z',
    );
    const ny = new ZonedDateTimeFormat('America/New_York');
    expect(ny.startOfDay('2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z'); // EST, DST starts 02:00
    expect(ny.startOfDay('2026-03-09').toISOString()).toBe('2026-03-09T04:00:00.000Z'); // EDT
    expect(ny.format(new Date('2026-03-08T06:59:59Z'))).toBe('2026/03/08 01:59:59');
    expect(ny.format(new Date('2026-03-08T07:00:00Z'))).toBe('2026/03/08 03:00:00');
  });

  it('agrees with Intl over a year of random instants', () => {
    const zones = ['Asia/Tokyo', 'Europe/London', 'Australia/Lord_Howe', 'America/St_Johns'];
    for (const zone of zones) {
      const f = new ZonedDateTimeFormat(zone);
      const intl = new Intl.DateTimeFormat('sv-SE', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
      for (let i = 0; i < 2000; i++) {
        const instant = new Date(Date.UTC(2026, 0, 1) + Math.floor(Math.random() * 366 * 86_400_000));
        expect(f.format(instant)).toBe(intl.format(instant).replace(/-/g, '/'));
      }
    }
  });

  it('finds where a day starts right after a transition east of UTC', () => {
    // Sydney leaves daylight saving at 03:00 AEDT on 5 April 2026 (16:00 UTC the day before): that day still
    // starts at 00:00 AEDT, 13:00 UTC on 4 April.
    expect(new ZonedDateTimeFormat('Australia/Sydney').startOfDay('2026-04-05').toISOString()).toBe(
      '2026-04-04T13:00:00.000Z',
    );
  });
});
