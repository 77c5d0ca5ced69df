import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService } from '@nestjs/core';
import { CONFIRM_KEY } from '@kanri/access/confirm.decorator';
import { listRoutes, type RouteInfo } from '../../support/routes';
import type { Constructor } from './dto-shapes';
import { CONFIRMED_UPLOAD_KEY } from '../../../src/auth/confirmation/confirmed-upload';

/**
 * Every operation the sweeps exercise, generated from what the running app exposes: the OpenAPI document
 * (GET /api/docs-json) lists the operations and their path parameters; the registered routes
 * (test/support/routes.ts) give each one's access rule; the handler's parameter metadata (Nest
 * ROUTE_ARGS_METADATA + `design:paramtypes`) gives the DTO classes of its body and query, whose validators
 * (dto-shapes.ts) stand in for the body schemas the document lacks under ts-jest. Routes that other modules add
 * later appear here without any change.
 */

export interface CatalogRoute extends RouteInfo {
  /** `/api/v1/organizations/{orgId}/users` as the OpenAPI document spells it. */
  docPath: string;
  /** Names of the path parameters, in order. */
  pathParams: string[];
  /** Path parameter enums from the OpenAPI document (`fees/:kind`). */
  pathEnums: Record<string, unknown[]>;
  bodyClass?: Constructor;
  queryClass?: Constructor;
  /** The handler reads an uploaded file (multipart/form-data). */
  multipart: boolean;
  /** `@Confirm()`: the body must carry the confirmation password. */
  confirm: boolean;
  /** `@ConfirmedUpload()`: the multipart fields carry the confirmation password. */
  confirmedUpload: boolean;
  /** Present in the OpenAPI document. */
  documented: boolean;
}

interface RouteArg {
  index: number;
  data?: unknown;
}

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Object, Array, undefined]);

function dtoAt(paramTypes: unknown[], args: Record<string, RouteArg>, kind: RouteParamtypes) {
  const entry = Object.entries(args).find(([key]) => key.split(':')[0] === String(kind));
  if (!entry || entry[1].data) return undefined; // `@Body('field')` reads one property: no DTO of its own
  const type = paramTypes[entry[1].index];
  return PRIMITIVES.has(type) ? undefined : (type as Constructor);
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; schema?: { enum?: unknown[] } }[] }>
  >;
}

/** `:id` and a named wildcard (`*request`, as the OCSP GET route has) are both `{name}` in the document. */
export function toDocPath(path: string): string {
  return path.replace(/[:*]([A-Za-z0-9_]+)/g, '{$1}');
}

export function buildCatalog(app: INestApplication, doc: OpenApiDocument): CatalogRoute[] {
  const classes = new Map<string, Constructor>();
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    if (wrapper.metatype)
      classes.set((wrapper.metatype as Constructor).name, wrapper.metatype as Constructor);
  }
  return listRoutes(app).map((route) => {
    const cls = classes.get(route.controller)!;
    const handler = (cls.prototype as Record<string, unknown>)[route.handler] as object;
    const args: Record<string, RouteArg> = Reflect.getMetadata(ROUTE_ARGS_METADATA, cls, route.handler) ?? {};
    const paramTypes: unknown[] =
      Reflect.getMetadata('design:paramtypes', cls.prototype, route.handler) ?? [];
    const docPath = toDocPath(route.path);
    const operation = doc.paths[docPath]?.[route.method.toLowerCase()];
    const pathEnums: Record<string, unknown[]> = {};
    for (const p of operation?.parameters ?? []) {
      if (p.in === 'path' && p.schema?.enum) pathEnums[p.name] = p.schema.enum;
    }
    const keys = Object.keys(args).map((k) => Number(k.split(':')[0]));
    return {
      ...route,
      docPath,
      pathParams: [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]),
      pathEnums,
      bodyClass: dtoAt(paramTypes, args, RouteParamtypes.BODY),
      queryClass: dtoAt(paramTypes, args, RouteParamtypes.QUERY),
      multipart: keys.includes(RouteParamtypes.FILE) || keys.includes(RouteParamtypes.FILES),
      confirm: Reflect.getMetadata(CONFIRM_KEY, handler) === true,
      confirmedUpload: Reflect.getMetadata(CONFIRMED_UPLOAD_KEY, handler) === true,
      documented: !!operation,
    };
  });
}

/** `method path` pairs in the OpenAPI document that no registered route serves (and the reverse, by the caller). */
export function undocumentedOperations(doc: OpenApiDocument, catalog: CatalogRoute[]): string[] {
  const served = new Set(catalog.map((r) => `${r.method} ${r.docPath}`));
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      if (!served.has(key)) out.push(key);
    }
  }
  return out;
}
