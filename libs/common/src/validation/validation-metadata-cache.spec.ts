import {
  getMetadataStorage,
  IsInt,
  IsString,
  MaxLength,
  registerDecorator,
  validateSync,
} from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  @MaxLength(5)
  name!: string;
}

class Derived extends Base {
  @IsInt()
  count!: number;

  // Overrides the inherited rule of the same kind: the library prefers the class's own.
  @MaxLength(3)
  declare name: string;
}

const lookup = (target: object) =>
  (
    getMetadataStorage() as unknown as {
      getTargetValidationMetadatas(t: object, s: string | undefined, a: boolean, sg: boolean): unknown[];
    }
  ).getTargetValidationMetadatas(target, undefined, false, false);

const problems = (value: object) =>
  validateSync(value).flatMap((e) => Object.keys(e.constraints ?? {}).map((c) => `${e.property}:${c}`));

describe('cacheValidationMetadata', () => {
  const before = { base: lookup(Base), derived: lookup(Derived) };
  cacheValidationMetadata();

  it('answers what class-validator itself finds, inherited and overridden rules included', () => {
    expect(lookup(Base)).toEqual(before.base);
    expect(lookup(Derived)).toEqual(before.derived);
    expect(lookup(Derived)).toBe(lookup(Derived)); // kept, not recomputed
  });

  it('validates as before', () => {
    expect(problems(Object.assign(new Derived(), { name: 'abcd', count: 1.5 })).sort()).toEqual([
      'count:isInt',
      'name:maxLength',
    ]);
    expect(problems(Object.assign(new Derived(), { name: 'abc', count: 2 }))).toEqual([]);
    expect(problems(Object.assign(new Base(), { name: 'abcd' }))).toEqual([]);
  });

  it('sees rules added after a class was first validated, and classes defined later', () => {
    expect(problems(Object.assign(new Base(), { name: 'ab' }))).toEqual([]);
    registerDecorator({
      name: 'notAb',
      target: Base,
      propertyName: 'name',
      validator: { validate: (v: unknown) => v !== 'ab' },
    });
    expect(problems(Object.assign(new Base(), { name: 'ab' }))).toEqual(['name:notAb']);

    class Later {
      @IsInt()
      n!: number;
    }
    expect(problems(Object.assign(new Later(), { n: 'x' }))).toEqual(['n:isInt']);
  });

  it('installs once, however often it is called', () => {
    const installed = lookup;
    cacheValidationMetadata();
    expect(lookup(Derived)).toBe(installed(Derived));
  });

  it('leaves an object without a constructor to the library, which refuses it', () => {
    expect(() => validateSync(Object.create(null) as object, { forbidUnknownValues: false })).toThrow(
      "reading 'prototype'",
    );
  });
});
