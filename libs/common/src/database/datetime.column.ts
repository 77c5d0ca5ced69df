import { Column, type ColumnOptions } from 'typeorm';

/** A UTC instant with millisecond precision on both drivers (SPEC §0 "store UTC"). */
export function DateTimeColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, ...options });
}
