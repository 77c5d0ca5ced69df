import { MAX_PAGE_SIZE } from './scim-filter';
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  USER_SCHEMA,
} from './scim-schemas';

type Resource = Record<string, unknown>;

/** What Kanri's SCIM service supports (RFC 7643 §5). */
export function serviceProviderConfig(baseUrl: string): Resource {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: true },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: 'A token an organization manager issues in Kanri (SCIM連携設定)',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}

function resourceType(
  id: string,
  endpoint: string,
  schema: string,
  baseUrl: string,
  extensions: string[] = [],
) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id,
    name: id,
    endpoint,
    schema,
    ...(extensions.length
      ? { schemaExtensions: extensions.map((s) => ({ schema: s, required: false })) }
      : {}),
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${id}` },
  };
}

export function resourceTypes(baseUrl: string): Resource[] {
  return [
    resourceType('User', '/Users', USER_SCHEMA, baseUrl, [ENTERPRISE_USER_SCHEMA]),
    resourceType('Group', '/Groups', GROUP_SCHEMA, baseUrl),
  ];
}

interface Attribute {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'writeOnly' | 'immutable';
  returned?: 'always' | 'default' | 'never';
  uniqueness?: 'none' | 'server';
  caseExact?: boolean;
  description: string;
  subAttributes?: Attribute[];
}

function attribute(a: Attribute): Resource {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued ?? false,
    description: a.description,
    required: a.required ?? false,
    caseExact: a.caseExact ?? false,
    mutability: a.mutability ?? 'readWrite',
    returned: a.returned ?? 'default',
    uniqueness: a.uniqueness ?? 'none',
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attribute) } : {}),
  };
}

const typedValue = (what: string): Attribute[] => [
  { name: 'value', type: 'string', description: what },
  {
    name: 'type',
    type: 'string',
    description: '`work` (and `other` for e-mail) are kept; other types are ignored',
  },
  { name: 'primary', type: 'boolean', description: 'The primary entry' },
];

/** The attributes Kanri keeps (RFC 7643 §7); what a client sends beyond them is accepted and ignored. */
export function schemas(baseUrl: string): Resource[] {
  const schema = (id: string, name: string, description: string, attributes: Attribute[]) => ({
    schemas: [SCHEMA_SCHEMA],
    id,
    name,
    description,
    attributes: attributes.map(attribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(USER_SCHEMA, 'User', 'A member of the organization', [
      {
        name: 'userName',
        type: 'string',
        required: true,
        caseExact: true,
        uniqueness: 'server',
        description: 'The Kanri login ID: 6-12 half-width letters and digits, at least one of each',
      },
      {
        name: 'name',
        type: 'complex',
        required: true,
        description: 'familyName (姓) and givenName (名) are required, up to 30 characters each',
        subAttributes: [
          { name: 'familyName', type: 'string', required: true, description: '姓' },
          { name: 'givenName', type: 'string', required: true, description: '名' },
          { name: 'formatted', type: 'string', mutability: 'readOnly', description: '姓 名' },
        ],
      },
      { name: 'displayName', type: 'string', mutability: 'readOnly', description: '姓 名 (derived)' },
      {
        name: 'active',
        type: 'boolean',
        description: 'false disables the account (無効) and ends its sessions',
      },
      {
        name: 'password',
        type: 'string',
        mutability: 'writeOnly',
        returned: 'never',
        description: 'Optional',
      },
      {
        name: 'emails',
        type: 'complex',
        multiValued: true,
        description: 'work → メールアドレス, other → サブ',
        subAttributes: typedValue('E-mail address'),
      },
      {
        name: 'phoneNumbers',
        type: 'complex',
        multiValued: true,
        description: 'work → 外線',
        subAttributes: typedValue('Phone number'),
      },
      {
        name: 'groups',
        type: 'complex',
        multiValued: true,
        mutability: 'readOnly',
        description: 'The group the member is in (at most one); change it through Groups',
        subAttributes: [
          { name: 'value', type: 'string', mutability: 'readOnly', description: 'Group id' },
          { name: 'display', type: 'string', mutability: 'readOnly', description: 'Group name' },
        ],
      },
    ]),
    schema(ENTERPRISE_USER_SCHEMA, 'EnterpriseUser', 'Enterprise extension', [
      { name: 'department', type: 'string', description: '部署・職名' },
    ]),
    schema(GROUP_SCHEMA, 'Group', 'A group (グループ) of the organization', [
      {
        name: 'displayName',
        type: 'string',
        required: true,
        description: 'グループ名, up to 100 characters',
      },
      {
        name: 'members',
        type: 'complex',
        multiValued: true,
        description: 'Users only; a user is in at most one group, so adding moves them',
        subAttributes: [
          { name: 'value', type: 'string', mutability: 'immutable', description: 'User id' },
          { name: 'display', type: 'string', mutability: 'readOnly', description: 'Login ID' },
        ],
      },
    ]),
  ];
}
