/**
 * Operation ids read as `<resource>.<method>` (`users.list`, `managers.replace`) so a generated client reads
 * well. The resource is named per controller here, in one place (a method may be named on its own where the
 * controller's name would mislead); a controller not listed gets its class name without `Controller`, in
 * lower camel case. The OpenAPI lint refuses duplicates.
 */
const RESOURCES: Record<string, string> = {
  AccountsController: 'accounts',
  AuditHistoryController: 'audit',
  CertificateLoginController: 'certificateSignIn',
  HealthController: 'system',
  OfficersController: 'registrationOfficers',
  SystemAuditController: 'systemAudit',
  SystemOrganizationsController: 'organizations',
  UserAdministrationController: 'users',
  UsersController: 'userAccounts',
  VaultAdministrationController: 'personalNumbers',
};

const METHODS: Record<string, string> = {
  'ManagersController.remove': 'organizations.removeMember',
};

export function operationIdFor(controllerKey: string, methodKey: string): string {
  const own = METHODS[`${controllerKey}.${methodKey}`];
  if (own) return own;
  const resource =
    RESOURCES[controllerKey] ??
    controllerKey.replace(/Controller$/, '').replace(/^[A-Z]/, (c) => c.toLowerCase());
  return `${resource}.${methodKey}`;
}
