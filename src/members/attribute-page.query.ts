import { LIST_COLUMNS, type Statement } from './user-list.query';

/**
 * A page of the members having any of these attributes, in 属性 order (then login ID), for attribute filters alone
 * (or with 状態 有効 alone, `holders` 'enabled'):
 * the attribute rows carry each member's sort key and login ID in an index of that order
 * (ix_user_attributes_sorted), so each attribute gives its first `page × perPage` members straight from the index,
 * and the page is cut from their merge. Every member of the page is among them (a member's place among those
 * having one of their attributes is no later than among all matches), and a member with two of the attributes comes
 * twice with the same key, once after DISTINCT. Reads at most `page × perPage` index entries per attribute however
 * many members have them, where walking the users' 属性 index reads every member whose tags sort first (they cluster
 * by tag) and reading every match sorts them all.
 */
export function attributeSortedPage(
  orgId: string,
  attributes: readonly string[],
  order: 'asc' | 'desc',
  page: number,
  perPage: number,
  holders: 'all' | 'enabled' = 'all',
): Statement {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  // 状態 有効 with the attributes: each attribute's first enabled holders, by the row's copy of its member's flag. The
  // same argument holds among the enabled holders, and the walk stops after the page's worth of them.
  const enabled = holders === 'enabled' ? ' AND ua.is_disabled = 0' : '';
  const firstOfEach = attributes.map(
    () => `SELECT * FROM (SELECT ua.user_id, ua.sort_key, ua.login_id FROM user_attributes ua
             WHERE ua.organization_id = ? AND ua.attribute = ?${enabled}
             ORDER BY ua.sort_key ${dir}, ua.login_id ${dir} LIMIT ?) a`,
  );
  return {
    sql: `SELECT ${LIST_COLUMNS}
            FROM (SELECT DISTINCT m.user_id, m.sort_key, m.login_id FROM (${firstOfEach.join(' UNION ALL ')}) m
                   ORDER BY m.sort_key ${dir}, m.login_id ${dir} LIMIT ? OFFSET ?) p
            JOIN users u ON u.id = p.user_id
            LEFT JOIN org_groups g ON g.id = u.group_id AND g.organization_id = u.organization_id
           WHERE u.organization_id = ?
           ORDER BY p.sort_key ${dir}, p.login_id ${dir}`,
    params: [
      ...attributes.flatMap((attribute) => [orgId, attribute, page * perPage]),
      perPage,
      (page - 1) * perPage,
      orgId,
    ],
  };
}
