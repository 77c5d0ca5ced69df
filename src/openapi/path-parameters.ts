import type { OpenAPIObject } from '@nestjs/swagger';
import type { ParameterObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * Kanri's ids (organizations, users, groups, …) are UUIDs; a route reads most of them through the actor
 * (`:orgId` is resolved by the organization scope guard, not by `@Param`), so the scanner never sees them.
 * Every `{name}` in a path is declared here as a required path parameter; one the controller declared itself
 * keeps its own schema.
 */
export function declarePathParameters(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const declared = (operation.parameters ?? []) as ParameterObject[];
      const others = declared.filter((p) => p.in !== 'path');
      const path: ParameterObject[] = names.map((name) => {
        const own = declared.find((p) => p.in === 'path' && p.name === name);
        return {
          name,
          in: 'path',
          required: true,
          schema: own?.schema && Object.keys(own.schema).length > 1 ? own.schema : pathParameterSchema(name),
          ...(own?.description ? { description: own.description } : {}),
        };
      });
      operation.parameters = [...path, ...others];
    }
  }
}

function pathParameterSchema(name: string): ParameterObject['schema'] {
  if (name.endsWith('Id')) return { type: 'string', format: 'uuid' };
  return { type: 'string' };
}
