import 'reflect-metadata';
import { plainToInstance, TransformationType } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';

/**
 * The shape of a request DTO as the global ValidationPipe enforces it, read from class-validator's metadata
 * (the OpenAPI document only carries body schemas when the @nestjs/swagger CLI plugin ran at build time, which
 * ts-jest does not do; the validators are the run-time truth anyway). Nested DTOs come from class-transformer's
 * `@Type` metadata; the JavaScript type from `design:type`.
 */

export type Constructor = new (...args: unknown[]) => object;

/** class-transformer's own metadata (`@Type`, `@Transform`); the package exports it without typings. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

export interface FieldShape {
  name: string;
  /** No `@IsOptional()` / `@ValidateIf()`: leaving it out must be refused. */
  required: boolean;
  /** `@IsOptional()` (null and undefined skip validation) rather than `@ValidateIf`. */
  optional: boolean;
  /** constraint name → constraint arguments, e.g. `maxLength: [30]`, `isIn: [[...]]`. */
  constraints: Record<string, unknown[]>;
  /** constraint names applied to each element of an array. */
  eachConstraints: Record<string, unknown[]>;
  designType: string | undefined;
  isArray: boolean;
  /** The nested DTO class (`@ValidateNested() @Type(() => X)`), if any. */
  nested?: Constructor;
  /** Allowed values from `@IsIn` / `@IsEnum`, if any. */
  allowed?: unknown[];
  /**
   * The DTO converts this field before validating it (`@Type(() => Number)`, `@Transform(…)`), so a string that
   * converts ("12" for a number) is legal input, not a wrong type.
   */
  converts: boolean;
}

export interface DtoShape {
  cls: Constructor;
  fields: FieldShape[];
}

const shapeCache = new Map<Constructor, DtoShape>();

const SCALAR_TYPES = new Set<unknown>([Number, Boolean, Date, String]);

function convertsField(cls: Constructor, name: string): boolean {
  const typeFn = defaultMetadataStorage.findTypeMetadata(cls, name)?.typeFunction();
  if (SCALAR_TYPES.has(typeFn)) return true;
  return (
    defaultMetadataStorage.findTransformMetadatas(cls, name, TransformationType.PLAIN_TO_CLASS).length > 0
  );
}

export function dtoShape(cls: Constructor): DtoShape {
  const cached = shapeCache.get(cls);
  if (cached) return cached;
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byField = new Map<string, FieldShape>();
  const field = (name: string): FieldShape => {
    let f = byField.get(name);
    if (!f) {
      const designType = Reflect.getMetadata('design:type', cls.prototype, name) as
        { name?: string } | undefined;
      f = {
        name,
        required: true,
        optional: false,
        constraints: {},
        eachConstraints: {},
        designType: designType?.name,
        isArray: designType?.name === 'Array',
        converts: convertsField(cls, name),
      };
      byField.set(name, f);
    }
    return f;
  };
  for (const m of metas) {
    const f = field(m.propertyName);
    const name = (m as { name?: string }).name;
    if (m.type === 'conditionalValidation') {
      f.required = false;
      if (name === 'isOptional') f.optional = true;
      continue;
    }
    if (m.type === 'nestedValidation') {
      const typeMeta = defaultMetadataStorage.findTypeMetadata(cls, m.propertyName);
      const nested = typeMeta?.typeFunction() as Constructor | undefined;
      if (nested) f.nested = nested;
      if (m.each) f.isArray = true;
      continue;
    }
    if (m.type === 'whitelistValidation' || !name) continue;
    (m.each ? f.eachConstraints : f.constraints)[name] = (m.constraints as unknown[]) ?? [];
    if (name === 'isArray' || name === 'arrayMaxSize' || name === 'arrayMinSize' || name === 'arrayNotEmpty')
      f.isArray = true;
    if (name === 'isIn') f.allowed = (m.constraints as unknown[][])[0];
    if (name === 'isEnum') f.allowed = Object.values(m.constraints[0] as object);
  }
  const shape = { cls, fields: [...byField.values()] };
  shapeCache.set(cls, shape);
  return shape;
}

/** The validation errors class-validator (through class-transformer, as the pipe does) reports for `plain`. */
export async function validationErrors(
  cls: Constructor,
  plain: Record<string, unknown>,
): Promise<ValidationError[]> {
  return validate(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true });
}

/** Whether `value` passes every constraint of one field, judged the way the ValidationPipe judges it. */
export async function fieldAccepts(
  cls: Constructor,
  fieldName: string,
  value: unknown,
  siblings: Record<string, unknown> = {},
): Promise<boolean> {
  const errors = await validationErrors(cls, { ...siblings, [fieldName]: value });
  return !errors.some((e) => e.property === fieldName);
}
