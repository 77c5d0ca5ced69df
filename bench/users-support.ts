/**
 * Shared by the user-administration benchmarks (bench:users-list, bench:users-import, bench:users-export): a
 * dedicated MariaDB database, Kanri booted on it, an organization with a manager and 50 groups, and up to 100,000
 * members seeded with multi-row INSERTs through mysql2 — rows exactly as Kanri writes them (the attribute rows and
 * the name-search dictionary included), so the benchmarks measure the real read paths.
 */
import { hash } from '@node-rs/argon2';
import { type Connection, createConnection, createPool, type Pool } from 'mysql2/promise';
import { ARGON2_OPTIONS } from '@kanri/security/password-hasher';
import { newId } from '@kanri/common/ids/new-id';
import { UserAccounts } from '../src/users/user-accounts.service';
import { nameTermRows } from '../src/users/search/name-terms';
import { attributesSortKey } from '../src/users/search/user-attributes';
import { httpJson, startBenchApp } from './support';

export const BENCH_SERVER = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const PASSWORD = 'Bench-passw0rd';
export const CONFIRMATION = 'Bench-confirm-1';

/** Common surnames first (with a Zipf-like share), then a long tail of two-kanji names, as a real roster has. */
const COMMON_FAMILY: [string, string][] = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'],
  ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'],
  ['山口', 'ヤマグチ'],
  ['松本', 'マツモト'],
  ['井上', 'イノウエ'],
  ['木村', 'キムラ'],
  ['林', 'ハヤシ'],
  ['斎藤', 'サイトウ'],
  ['清水', 'シミズ'],
  ['山崎', 'ヤマザキ'],
  ['森', 'モリ'],
  ['池田', 'イケダ'],
  ['橋本', 'ハシモト'],
  ['阿部', 'アベ'],
  ['石川', 'イシカワ'],
  ['山下', 'ヤマシタ'],
  ['中島', 'ナカジマ'],
  ['石井', 'イシイ'],
  ['小川', 'オガワ'],
  ['前田', 'マエダ'],
  ['岡田', 'オカダ'],
  ['長谷川', 'ハセガワ'],
  ['藤田', 'フジタ'],
  ['後藤', 'ゴトウ'],
  ['近藤', 'コンドウ'],
  ['村上', 'ムラカミ'],
  ['遠藤', 'エンドウ'],
  ['青木', 'アオキ'],
  ['坂本', 'サカモト'],
  ['髙橋', 'タカハシ'],
  ['斉藤', 'サイトウ'],
  ['福田', 'フクダ'],
  ['太田', 'オオタ'],
  ['西村', 'ニシムラ'],
  ['藤井', 'フジイ'],
  ['金子', 'カネコ'],
  ['岡本', 'オカモト'],
  ['藤原', 'フジワラ'],
  ['中野', 'ナカノ'],
];
const FIRST: [string, string][] = [
  ['石', 'イシ'],
  ['大', 'オオ'],
  ['小', 'コ'],
  ['中', 'ナカ'],
  ['山', 'ヤマ'],
  ['川', 'カワ'],
  ['田', 'タ'],
  ['木', 'キ'],
  ['村', 'ムラ'],
  ['森', 'モリ'],
  ['松', 'マツ'],
  ['竹', 'タケ'],
  ['藤', 'フジ'],
  ['高', 'タカ'],
  ['長', 'ナガ'],
  ['岡', 'オカ'],
  ['西', 'ニシ'],
  ['東', 'ヒガシ'],
  ['北', 'キタ'],
  ['南', 'ミナミ'],
  ['上', 'カミ'],
  ['下', 'シモ'],
  ['今', 'イマ'],
  ['水', 'ミズ'],
  ['野', 'ノ'],
  ['原', 'ハラ'],
  ['島', 'シマ'],
  ['宮', 'ミヤ'],
  ['平', 'ヒラ'],
  ['桜', 'サクラ'],
];
const SECOND: [string, string][] = [
  ['田', 'ダ'],
  ['川', 'カワ'],
  ['山', 'ヤマ'],
  ['野', 'ノ'],
  ['本', 'モト'],
  ['村', 'ムラ'],
  ['井', 'イ'],
  ['沢', 'サワ'],
  ['原', 'ハラ'],
  ['島', 'ジマ'],
  ['崎', 'サキ'],
  ['谷', 'タニ'],
  ['口', 'グチ'],
  ['橋', 'ハシ'],
  ['尾', 'オ'],
  ['内', 'ウチ'],
  ['林', 'バヤシ'],
  ['森', 'モリ'],
  ['岡', 'オカ'],
  ['浦', 'ウラ'],
];
const GIVEN: [string, string][] = [
  ['太郎', 'タロウ'],
  ['一郎', 'イチロウ'],
  ['健太', 'ケンタ'],
  ['翔太', 'ショウタ'],
  ['大輔', 'ダイスケ'],
  ['直樹', 'ナオキ'],
  ['誠', 'マコト'],
  ['拓也', 'タクヤ'],
  ['蓮', 'レン'],
  ['悠真', 'ユウマ'],
  ['陽翔', 'ハルト'],
  ['湊', 'ミナト'],
  ['大和', 'ヤマト'],
  ['翼', 'ツバサ'],
  ['亮', 'リョウ'],
  ['健一', 'ケンイチ'],
  ['浩', 'ヒロシ'],
  ['修', 'オサム'],
  ['隆', 'タカシ'],
  ['剛', 'ツヨシ'],
  ['花子', 'ハナコ'],
  ['美咲', 'ミサキ'],
  ['陽菜', 'ヒナ'],
  ['愛', 'アイ'],
  ['裕子', 'ユウコ'],
  ['恵', 'メグミ'],
  ['さくら', 'サクラ'],
  ['結衣', 'ユイ'],
  ['葵', 'アオイ'],
  ['凛', 'リン'],
  ['芽依', 'メイ'],
  ['美羽', 'ミウ'],
  ['彩', 'アヤ'],
  ['真由美', 'マユミ'],
  ['直美', 'ナオミ'],
  ['智子', 'トモコ'],
  ['久美子', 'クミコ'],
  ['由美', 'ユミ'],
  ['明美', 'アケミ'],
  ['千尋', 'チヒロ'],
];
const ATTRIBUTES = [
  '東京',
  '大阪',
  '名古屋',
  '福岡',
  '札幌',
  '営業',
  '開発',
  '経理',
  '人事',
  '管理職',
  '派遣',
  '在宅',
];

/** A deterministic pseudo-random sequence, so every run seeds the same organization. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

export interface BenchPerson {
  familyName: string;
  familyNameKana: string;
  givenName: string;
  givenNameKana: string;
  attributes: string[];
}

const GIVEN_FIRST: [string, string][] = [
  ['和', 'カズ'],
  ['秀', 'ヒデ'],
  ['正', 'マサ'],
  ['智', 'トモ'],
  ['雅', 'マサ'],
  ['良', 'ヨシ'],
  ['康', 'ヤス'],
  ['伸', 'ノブ'],
  ['英', 'ヒデ'],
  ['俊', 'トシ'],
  ['美', 'ミ'],
  ['真', 'マ'],
  ['由', 'ユ'],
  ['千', 'チ'],
  ['早', 'サ'],
  ['奈', 'ナ'],
  ['理', 'リ'],
  ['絵', 'エ'],
  ['沙', 'サ'],
  ['紗', 'サ'],
];
const GIVEN_SECOND: [string, string][] = [
  ['夫', 'オ'],
  ['男', 'オ'],
  ['彦', 'ヒコ'],
  ['也', 'ヤ'],
  ['樹', 'キ'],
  ['子', 'コ'],
  ['江', 'エ'],
  ['穂', 'ホ'],
  ['香', 'カ'],
  ['代', 'ヨ'],
];

/**
 * About the shares of a real roster: a quarter of the members bear one of 50 common surnames (the most common about
 * 2% of everyone), the rest one of 600 rarer ones; given names likewise. One in two has an attribute, some two.
 */
export function person(random: () => number): BenchPerson {
  let family: [string, string];
  if (random() < 0.25) {
    // Skewed towards the first names of the list: the first about 7% of these, 2% of all members.
    family = COMMON_FAMILY[Math.floor(COMMON_FAMILY.length * random() ** 1.5)];
  } else {
    const a = FIRST[Math.floor(random() * FIRST.length)];
    const b = SECOND[Math.floor(random() * SECOND.length)];
    family = [a[0] + b[0], a[1] + b[1]];
  }
  let given: [string, string];
  if (random() < 0.6) given = GIVEN[Math.floor(random() * GIVEN.length)];
  else {
    const a = GIVEN_FIRST[Math.floor(random() * GIVEN_FIRST.length)];
    const b = GIVEN_SECOND[Math.floor(random() * GIVEN_SECOND.length)];
    given = [a[0] + b[0], a[1] + b[1]];
  }
  const attributes: string[] = [];
  if (random() < 0.5) attributes.push(ATTRIBUTES[Math.floor(random() * ATTRIBUTES.length)]);
  if (random() < 0.2) {
    const more = ATTRIBUTES[Math.floor(random() * ATTRIBUTES.length)];
    if (!attributes.includes(more)) attributes.push(more);
  }
  return {
    familyName: family[0],
    familyNameKana: family[1],
    givenName: given[0],
    givenNameKana: given[1],
    attributes,
  };
}

export interface BenchOrg {
  app: Awaited<ReturnType<typeof startBenchApp>>['app'];
  port: number;
  databaseUrl: string;
  database: string;
  orgId: string;
  token: string;
  groupIds: string[];
  groupCodes: string[];
  pool: Pool;
}

/** A fresh database `name` on the bench server with Kanri started on it, an organization, its manager, 50 groups. */
export async function startBenchOrganization(name: string): Promise<BenchOrg> {
  const admin = await createConnection(BENCH_SERVER);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const databaseUrl = `${BENCH_SERVER}/${name}`;
  const { app, port } = await startBenchApp({ DATABASE_URL: databaseUrl });
  const users = app.get(UserAccounts);
  await users.createAccount({
    loginId: 'benchmgr1',
    password: PASSWORD,
    confirmationPassword: CONFIRMATION,
    familyName: '管理',
    givenName: '責任者',
  });
  const token = JSON.parse(
    (await httpJson(port, 'POST', '/api/v1/auth/login', { loginId: 'benchmgr1', password: PASSWORD })).body,
  ).accessToken as string;
  const org = await httpJson(
    port,
    'POST',
    '/api/v1/organizations',
    { name: '株式会社ベンチ', nameKana: 'カブシキガイシャベンチ' },
    token,
  );
  const orgId = JSON.parse(org.body).id as string;
  const groupIds: string[] = [];
  const groupCodes: string[] = [];
  for (let i = 0; i < 50; i++) {
    const code = `G${String(i).padStart(3, '0')}`;
    const parentId = i < 5 ? null : groupIds[i % 5];
    const res = await httpJson(
      port,
      'POST',
      `/api/v1/organizations/${orgId}/groups`,
      { code, name: `部署${i}`, parentId },
      token,
    );
    groupIds.push(JSON.parse(res.body).id as string);
    groupCodes.push(code);
  }
  const pool = createPool({
    uri: databaseUrl,
    connectionLimit: 20,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
  });
  return { app, port, databaseUrl, database: name, orgId, token, groupIds, groupCodes, pool };
}

const COLUMNS = [
  'id',
  'login_id',
  'password_hash',
  'family_name',
  'given_name',
  'family_name_kana',
  'given_name_kana',
  'email',
  'allowed_ips',
  'organization_id',
  'group_id',
  'attributes',
  'attributes_sort_key',
  'is_manager',
  'is_system_operator',
  'is_provisional',
  'is_disabled',
  'must_change_password',
  'failed_login_count',
  'locked_at',
  'two_factor_enabled',
  'last_login_at',
  'created_at',
  'updated_at',
];

/** Inserts `count` members (login IDs `bu000000`…) with multi-row INSERTs of 1,000; returns the seconds it took. */
export async function seedMembers(org: BenchOrg, count: number): Promise<number> {
  const started = performance.now();
  const random = seeded(20261122);
  const conn: Connection = await createConnection({
    uri: org.databaseUrl,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
  });
  const passwordHash = await hash(PASSWORD, ARGON2_OPTIONS);
  const now = Date.now();
  const names: (string | null)[] = [];
  let rows: unknown[][] = [];
  let attributeRows: unknown[][] = [];
  const flush = async () => {
    if (rows.length) await conn.query(`INSERT INTO users (${COLUMNS.join(', ')}) VALUES ?`, [rows]);
    if (attributeRows.length)
      await conn.query(
        'INSERT INTO user_attributes (organization_id, attribute, user_id, sort_key, login_id) VALUES ?',
        [attributeRows],
      );
    rows = [];
    attributeRows = [];
  };
  for (let i = 0; i < count; i++) {
    const p = person(random);
    const id = newId(now - (count - i));
    const lastLogin = random() < 0.9 ? new Date(now - Math.floor(random() * 90 * 86_400_000)) : null;
    const loginId = `bu${String(i).padStart(6, '0')}`;
    rows.push([
      id,
      loginId,
      passwordHash,
      p.familyName,
      p.givenName,
      p.familyNameKana,
      p.givenNameKana,
      `bu${i}@example.jp`,
      '[]',
      org.orgId,
      org.groupIds[Math.floor(random() * org.groupIds.length)],
      JSON.stringify(p.attributes),
      attributesSortKey(p.attributes),
      0,
      0,
      random() < 0.01 ? 1 : 0,
      random() < 0.03 ? 1 : 0,
      0,
      0,
      random() < 0.005 ? new Date(now) : null,
      random() < 0.3 ? 1 : 0,
      lastLogin,
      new Date(now),
      new Date(now),
    ]);
    for (const attribute of p.attributes)
      attributeRows.push([org.orgId, attribute, id, attributesSortKey(p.attributes), loginId]);
    names.push(p.familyName, p.givenName, p.familyNameKana, p.givenNameKana);
    if (rows.length === 1000) await flush();
  }
  await flush();
  const terms = nameTermRows([...new Set(names)]).map(([suffix, term]) => [org.orgId, suffix, term]);
  for (let i = 0; i < terms.length; i += 1000) {
    await conn.query('INSERT IGNORE INTO user_name_terms (organization_id, suffix, term) VALUES ?', [
      terms.slice(i, i + 1000),
    ]);
  }
  // The organization's member counter (organization_member_counts), as Kanri's write paths keep it.
  const [counter] = await conn.query(
    "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'organization_member_counts'",
  );
  if ((counter as unknown[]).length)
    await conn.query(
      `INSERT INTO organization_member_counts (organization_id, members)
       SELECT organization_id, COUNT(*) FROM users WHERE organization_id = ? GROUP BY organization_id
       ON DUPLICATE KEY UPDATE members = VALUES(members)`,
      [org.orgId],
    );
  // The attribute rows' copy of each member's group and disabled flag, as MemberAccounts keeps it (where the schema
  // has it: an older checkout measured side by side does not).
  const [copies] = await conn.query(
    "SELECT 1 FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'user_attributes' AND column_name = 'group_id'",
  );
  if ((copies as unknown[]).length)
    await conn.query(
      `UPDATE user_attributes ua JOIN users u ON u.id = ua.user_id
          SET ua.group_id = u.group_id, ua.is_disabled = u.is_disabled WHERE ua.organization_id = ?`,
      [org.orgId],
    );
  // The tag-list counters, as UserSearchIndex keeps them (and as the migration backfills them).
  await conn.query(
    `INSERT INTO organization_tag_sets (organization_id, sort_key, members)
     SELECT organization_id, sort_key, COUNT(DISTINCT user_id) FROM user_attributes WHERE organization_id = ?
      GROUP BY organization_id, sort_key
     ON DUPLICATE KEY UPDATE members = VALUES(members)`,
    [org.orgId],
  );
  await conn.query('ANALYZE TABLE users, user_attributes, user_name_terms');
  await conn.end();
  return (performance.now() - started) / 1000;
}

export async function stopBenchOrganization(org: BenchOrg): Promise<void> {
  await org.pool.end();
  await org.app.close();
  if (!process.env.BENCH_KEEP_DATABASE) {
    const admin = await createConnection(BENCH_SERVER);
    await admin.query(`DROP DATABASE IF EXISTS \`${org.database}\``);
    await admin.end();
  }
}

/** A closed-loop load: `concurrency` clients, each sending its next request when the last answered. */
export { percentile, runConcurrent, httpJson } from './support';
