import type request from 'supertest';
import { DEFAULT_CONFIRMATION } from './factories';
import type { CreatedOrg } from './org-factories';
import type { TestApp } from './test-app';

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCIM_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** Issues a SCIM token as the organization's creator (a manager); returns the token and its id. */
export async function issueScimToken(
  t: TestApp,
  org: CreatedOrg,
  clientName = 'Microsoft Entra ID',
): Promise<{ id: string; token: string }> {
  const res = await t
    .api('post', `/organizations/${org.orgId}/scim-tokens`, org.manager.token)
    .send({ clientName, confirmationPassword: DEFAULT_CONFIRMATION });
  if (res.status !== 201)
    throw new Error(`issue SCIM token failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, token: res.body.token as string };
}

/** A request to `/scim/v2<path>` with the bearer token, as a provisioning client sends it. */
export function scim(
  t: TestApp,
  method: 'get' | 'post' | 'put' | 'patch' | 'delete',
  path: string,
  token: string,
): request.Test {
  return t.http[method](`/scim/v2${path}`)
    .set('Authorization', `Bearer ${token}`)
    .set('Content-Type', 'application/scim+json')
    .set('Accept', 'application/scim+json');
}

/** A PatchOp body. */
export function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [SCIM_PATCH], Operations: operations };
}
