import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@node-rs/argon2';
import { createPool, type Pool } from 'mysql2/promise';
import { Semaphore } from '@kanri/common/concurrency/semaphore';
import { HASHING_SLOTS } from '@kanri/security/password-hasher';
import type { CeilingServer } from './login-ceilings';

/**
 * bench:login's database ceilings: a bare `node:http` server (as the bare ceiling of login-ceilings.ts) that also
 * does the database work every password sign-in needs, on the same MariaDB, in tables of its own shaped like
 * Kanri's: the account read before the hash; after it, in one transaction, the failures cleared and the last login
 * stamped, the session row, and a login-history row on its organization's hash chain (the head locked, the row,
 * the head advanced). No Nest, no validation, no token, no audit context: what the database alone leaves to a
 * sign-in on this machine, with its server on the same cores as the hashes.
 *
 * - `one by one`: each statement its own round trip, as Kanri sends them (nine with the attempt slot).
 * - `batched`: the fewest round trips such a sign-in can make: the read, then the whole transaction in one packet
 *   (`multipleStatements`; the chain's hash computed by the statement that advances the head). Two in all.
 *
 * The difference between the two is what the round trips cost; the difference to the bare ceiling is what the
 * database's work costs at best.
 */
export type DatabaseCeilingMode = 'one by one' | 'batched';

const ORGANIZATION = 'org-ceiling';

export async function prepareCeilingTables(pool: Pool, loginIds: readonly string[], passwordHash: string) {
  await pool.query(`CREATE TABLE ceiling_accounts (
    id CHAR(36) PRIMARY KEY, login_id VARCHAR(64) NOT NULL UNIQUE, organization_id VARCHAR(36) NOT NULL,
    password_hash VARCHAR(255) NOT NULL, failed_login_count INT NOT NULL DEFAULT 0, attempts_in_flight INT NOT NULL DEFAULT 0,
    last_login_at DATETIME(6) NULL)`);
  await pool.query(`CREATE TABLE ceiling_sessions (
    id CHAR(36) PRIMARY KEY, user_id CHAR(36) NOT NULL, ip VARCHAR(45), user_agent VARCHAR(512),
    created_at DATETIME(6) NOT NULL, expires_at DATETIME(6) NOT NULL, KEY (user_id))`);
  await pool.query(`CREATE TABLE ceiling_chain_heads (
    organization_id VARCHAR(36) PRIMARY KEY, seq BIGINT NOT NULL, hash CHAR(64) NOT NULL)`);
  await pool.query(`CREATE TABLE ceiling_login_history (
    organization_id VARCHAR(36) NOT NULL, seq BIGINT NOT NULL, user_id CHAR(36), action VARCHAR(40) NOT NULL,
    ip VARCHAR(45), user_agent VARCHAR(512), hash CHAR(64) NOT NULL, at DATETIME(6) NOT NULL,
    PRIMARY KEY (organization_id, seq))`);
  await pool.query('INSERT INTO ceiling_chain_heads VALUES (?, 0, ?)', [ORGANIZATION, '0'.repeat(64)]);
  for (const loginId of loginIds) {
    await pool.query(
      'INSERT INTO ceiling_accounts (id, login_id, organization_id, password_hash) VALUES (?, ?, ?, ?)',
      [randomUUID(), loginId, ORGANIZATION, passwordHash],
    );
  }
}

interface Account {
  id: string;
  organization_id: string;
  password_hash: string;
}

const READ = 'SELECT id, organization_id, password_hash FROM ceiling_accounts WHERE login_id = ?';
const SLOT = 'UPDATE ceiling_accounts SET attempts_in_flight = attempts_in_flight WHERE id = ?';
const SETTLE = 'UPDATE ceiling_accounts SET failed_login_count = 0, last_login_at = NOW(6) WHERE id = ?';
const SESSION = 'INSERT INTO ceiling_sessions VALUES (?, ?, ?, ?, NOW(6), NOW(6) + INTERVAL 8 HOUR)';
const HEAD = 'SELECT seq, hash FROM ceiling_chain_heads WHERE organization_id = ? FOR UPDATE';
const ROW = 'INSERT INTO ceiling_login_history VALUES (?, ?, ?, ?, ?, ?, ?, NOW(6))';
const ADVANCE = 'UPDATE ceiling_chain_heads SET seq = ?, hash = ? WHERE organization_id = ?';

async function oneByOne(pool: Pool, account: Account, ip: string, userAgent: string) {
  await pool.query(SLOT, [account.id]);
  const c = await pool.getConnection();
  try {
    await c.query('START TRANSACTION');
    await c.query(SETTLE, [account.id]);
    await c.query(SESSION, [randomUUID(), account.id, ip, userAgent]);
    const [[head]] = (await c.query(HEAD, [account.organization_id])) as unknown as [
      { seq: number; hash: string }[],
    ];
    const seq = Number(head.seq) + 1;
    const hash = sha256Hex(`${head.hash}|${seq}|${account.id}|LOGIN_SUCCESS|${ip}`);
    await c.query(ROW, [account.organization_id, seq, account.id, 'LOGIN_SUCCESS', ip, userAgent, hash]);
    await c.query(ADVANCE, [seq, hash, account.organization_id]);
    await c.query('COMMIT');
  } finally {
    c.release();
  }
}

/** The same transaction in one packet; the head's UPDATE locks it and computes the next hash. */
const BATCH = [
  'START TRANSACTION',
  SETTLE,
  SESSION,
  `UPDATE ceiling_chain_heads SET seq = seq + 1, hash = SHA2(CONCAT(hash, '|', seq + 1, '|', ?, '|LOGIN_SUCCESS|', ?), 256)
     WHERE organization_id = ?`,
  `INSERT INTO ceiling_login_history SELECT organization_id, seq, ?, 'LOGIN_SUCCESS', ?, ?, hash, NOW(6)
     FROM ceiling_chain_heads WHERE organization_id = ?`,
  'COMMIT',
].join(';\n');

async function batched(pool: Pool, account: Account, ip: string, userAgent: string) {
  await pool.query(BATCH, [
    account.id,
    randomUUID(),
    account.id,
    ip,
    userAgent,
    account.id,
    ip,
    account.organization_id,
    account.id,
    ip,
    userAgent,
    account.organization_id,
  ]);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export async function startDatabaseCeilingServer(
  databaseUrl: string,
  mode: DatabaseCeilingMode,
): Promise<CeilingServer> {
  const pool = createPool({ uri: databaseUrl, connectionLimit: 10, multipleStatements: mode === 'batched' });
  const slots = new Semaphore(HASHING_SLOTS);
  const signIn = mode === 'batched' ? batched : oneByOne;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const { loginId, password } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          loginId: string;
          password: string;
        };
        const [[account]] = (await pool.query(READ, [loginId])) as unknown as [Account[]];
        const ok = !!account && (await slots.run(() => verify(account.password_hash, password)));
        if (ok) await signIn(pool, account, req.socket.remoteAddress ?? '', req.headers['user-agent'] ?? '');
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok }));
      })().catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
