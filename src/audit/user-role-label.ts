/**
 * 権限 in the user list export (org_user_list, SPEC §9). Permissions in Kanri are fine-grained grants, so the role
 * is named after the roles of SPEC §1: a member holding any granted permission in the organization is
 * 管理者権限 (administrator), anyone else 一般ユーザー (general user); a manager's role is followed by （管理責任者）,
 * as the manual asks ("管理責任者の場合は権限名の後ろに（管理責任者）が付きます"). A manager's implicit rights (SPEC §1)
 * do not count as grants: they come with the manager flag, which the suffix already shows.
 */
export function roleLabel(member: { isManager: boolean; hasGrants: boolean }): string {
  const role = member.hasGrants ? '管理者権限' : '一般ユーザー';
  return member.isManager ? `${role}（管理責任者）` : role;
}
