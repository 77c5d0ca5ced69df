import type { Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  ParameterObject,
  ReferenceObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { RouteHandler } from './route-handlers';

/**
 * What the swagger plugin cannot read from a TypeScript type, taken from the class-validator decorators the
 * server enforces: `@IsInt()` makes an `integer` (TypeScript has only `number`), calendar-date checks make a
 * `date`, and patterns, enums and lengths the plugin missed are added; a validated class admits no other property
 * (the pipe refuses unknown ones). Applied to every DTO schema by class
 * name, and to every query parameter through the handler's `@Query()` class.
 */
export function refineFromValidators(document: OpenAPIObject, handlers: Map<string, RouteHandler>): void {
  const byName = new Map<string, Type>();
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Type, unknown> };
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target === 'function' && !byName.has(target.name)) byName.set(target.name, target);
  }
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const target = byName.get(name);
    if (!target || '$ref' in schema) continue;
    // The validation pipe refuses any property a class does not declare (forbidNonWhitelisted).
    schema.additionalProperties = false;
    for (const [property, propertySchema] of Object.entries(schema.properties ?? {})) {
      refine(propertySchema, validatorsOf(target, property));
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      const route = handlers.get(operation?.operationId ?? '');
      if (!operation || !route) continue;
      const queryClasses = argumentClasses(route, RouteParamtypes.QUERY);
      for (const parameter of (operation.parameters ?? []) as ParameterObject[]) {
        if (parameter.in !== 'query' || !parameter.schema) continue;
        for (const target of queryClasses) refine(parameter.schema, validatorsOf(target, parameter.name));
      }
    }
  }
}

function validatorsOf(target: Type, property: string): ValidationMetadata[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .filter((m) => m.propertyName === property);
}

function argumentClasses(route: RouteHandler, type: RouteParamtypes): Type[] {
  const method = route.handler.name;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, method) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', route.controller.prototype as object, method) ??
    []) as Type[];
  return Object.entries(args)
    .filter(([key, arg]) => Number(key.split(':')[0]) === type && arg.data === undefined)
    .map(([, arg]) => types[arg.index])
    .filter((t): t is Type => typeof t === 'function' && t !== Object);
}

function refine(schema: SchemaObject | ReferenceObject, validators: ValidationMetadata[]): void {
  if ('$ref' in schema) return;
  for (const v of validators) {
    const target =
      v.each && schema.type === 'array' && schema.items && !('$ref' in schema.items) ? schema.items : schema;
    const [first] = (v.constraints ?? []) as unknown[];
    switch (v.name ?? '') {
      case 'isInt':
        target.type = 'integer';
        break;
      case 'isCalendarDate':
        target.type = 'string';
        target.format = 'date';
        break;
      case 'matches':
        if (first instanceof RegExp && !target.pattern) target.pattern = first.source;
        if (first instanceof RegExp && first.source === '^\\d{4}-\\d{2}-\\d{2}$') target.format = 'date';
        break;
      case 'isIn':
        if (Array.isArray(first) && !target.enum) target.enum = first;
        if (Array.isArray(first) && first.length && first.every((x) => Number.isInteger(x)))
          target.type = 'integer';
        break;
      case 'isUUID':
      case 'isUuid':
        target.format ??= 'uuid';
        break;
      case 'isIpOrCidr':
        target.format ??= 'ip-or-cidr';
        target.description ??= 'An IPv4 or IPv6 address, or a CIDR block (192.0.2.0/24, 2001:db8::/32).';
        break;
      case 'isEmail':
        target.format ??= 'email';
        break;
      case 'maxLength':
        if (typeof first === 'number') target.maxLength ??= first;
        break;
      case 'minLength':
        if (typeof first === 'number') target.minLength ??= first;
        break;
      case 'min':
        if (typeof first === 'number') target.minimum ??= first;
        break;
      case 'max':
        if (typeof first === 'number') target.maximum ??= first;
        break;
      default:
        break;
    }
  }
}

/**
 * A multipart form (an upload with its confirmation password) is validated like a JSON body: the form class
 * admits no field it does not declare.
 */
export function closeMultipartForms(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const body = item[method]?.requestBody;
      const schema = body && 'content' in body ? body.content['multipart/form-data']?.schema : undefined;
      if (schema && !('$ref' in schema) && schema.type === 'object') schema.additionalProperties = false;
    }
  }
}
