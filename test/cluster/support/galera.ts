import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection, type Connection } from 'mysql2/promise';
import { freePort } from '../../proof/support/child-server';

const run = promisify(execFile);
const GALERA_LIB = process.env.KANRI_GALERA_PROVIDER ?? '/usr/lib/galera/libgalera_smm.so';

/** Ports chosen free at install time; kept for the node's life so a restarted node rejoins on the same ones. */
interface NodePorts {
  sql: number;
  gcomm: number;
  ist: number;
  sst: number;
}

/**
 * One Galera node of the drill's own: its own datadir under a temp dir, its own loopback ports, run as the `mysql`
 * user when the test runs as root (rsync state transfer refuses to run as root otherwise). Started and stopped by
 * the PID of the process this module spawned, never by name.
 */
export class GaleraNode {
  readonly dataDir: string;
  readonly cnf: string;
  ports!: NodePorts;
  proc: ChildProcess | null = null;
  log = '';

  constructor(
    readonly index: number,
    readonly root: string,
  ) {
    this.dataDir = join(root, `node${index}`, 'data');
    this.cnf = join(root, `node${index}`, 'my.cnf');
  }

  get url(): string {
    return `mysql://root@127.0.0.1:${this.ports.sql}`;
  }

  writeConfig(peers: GaleraNode[]): void {
    const p = this.ports;
    const address = peers.map((n) => `127.0.0.1:${n.ports.gcomm}`).join(',');
    writeFileSync(
      this.cnf,
      [
        '[mysqld]',
        `datadir=${this.dataDir}`,
        `port=${p.sql}`,
        'bind-address=127.0.0.1',
        `socket=${join(this.dataDir, 'mysqld.sock')}`,
        `pid-file=${join(this.dataDir, 'mysqld.pid')}`,
        `tmpdir=${join(this.root, `node${this.index}`)}`,
        'user=mysql',
        'skip-name-resolve',
        'binlog_format=ROW',
        'default_storage_engine=InnoDB',
        'innodb_autoinc_lock_mode=2',
        'wsrep_sync_wait=1',
        'innodb_buffer_pool_size=64M',
        'innodb_log_file_size=16M',
        'innodb_flush_log_at_trx_commit=0',
        'max_connections=300',
        'wsrep_on=ON',
        `wsrep_provider=${GALERA_LIB}`,
        `wsrep_cluster_address=gcomm://${address}`,
        'wsrep_cluster_name=kanri_cluster_drill',
        `wsrep_node_name=node${this.index}`,
        `wsrep_node_address=127.0.0.1:${p.gcomm}`,
        `wsrep_node_incoming_address=127.0.0.1:${p.sql}`,
        `wsrep_sst_receive_address=127.0.0.1:${p.sst}`,
        'wsrep_sst_method=rsync',
        'wsrep_slave_threads=2',
        `wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${p.gcomm};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=64M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S"`,
        '',
      ].join('\n'),
    );
  }

  async install(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    if (process.getuid?.() === 0) {
      chownSync(join(this.root, `node${this.index}`), uid('mysql'), gid('mysql'));
      chownSync(this.dataDir, uid('mysql'), gid('mysql'));
    }
    // The bootstrap server's temporary tables go to the node's own directory, not the shared /tmp.
    const args = [
      '--no-defaults',
      `--datadir=${this.dataDir}`,
      '--user=mysql',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      `--tmpdir=${join(this.root, `node${this.index}`)}`,
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        await run('mariadb-install-db', args);
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        rmSync(this.dataDir, { recursive: true, force: true });
        mkdirSync(this.dataDir, { recursive: true });
        if (process.getuid?.() === 0) chownSync(this.dataDir, uid('mysql'), gid('mysql'));
      }
    }
  }

  /** Spawns mariadbd; `bootstrap` starts a new cluster (the first node only, the first time). */
  start(bootstrap = false): void {
    this.log = '';
    const args = [`--defaults-file=${this.cnf}`];
    if (bootstrap) args.push('--wsrep-new-cluster');
    const proc = spawn('mariadbd', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (c: Buffer) => (this.log = (this.log + c.toString()).slice(-20000)));
    proc.stderr!.on('data', (c: Buffer) => (this.log = (this.log + c.toString()).slice(-20000)));
    this.proc = proc;
  }

  /** Waits until the node is a synced member of the primary component and answers queries. */
  async waitReady(timeoutMs = 180_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const ready = await this.status()
        .then((s) => s.wsrep_ready === 'ON' && s.wsrep_local_state_comment === 'Synced')
        .catch(() => false);
      if (ready) return;
      if (this.proc?.exitCode !== null || Date.now() > until)
        throw new Error(`galera node${this.index} did not become ready:\n${this.log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async status(): Promise<Record<string, string>> {
    const c = await this.connect();
    try {
      const [rows] = await c.query("SHOW STATUS LIKE 'wsrep_%'");
      return Object.fromEntries(
        (rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, r.Value]),
      );
    } finally {
      await c.end();
    }
  }

  connect(database?: string): Promise<Connection> {
    return createConnection({
      host: '127.0.0.1',
      port: this.ports.sql,
      user: 'root',
      database,
      // Generous: on a loaded machine a healthy node may take seconds to accept (a down node refuses at once).
      connectTimeout: 20_000,
      supportBigNumbers: true,
    });
  }

  /** kill -9 of the process this node spawned. */
  async kill9(): Promise<void> {
    await this.waitExit('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.waitExit('SIGTERM');
  }

  private async waitExit(signal: NodeJS.Signals): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
    proc.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
    this.proc = null;
  }
}

function uid(name: string): number {
  return Number(execFileSync('id', ['-u', name]).toString().trim());
}
function gid(name: string): number {
  return Number(execFileSync('id', ['-g', name]).toString().trim());
}

/** Three Galera nodes on loopback, bootstrapped one after the other (the joiners take a state transfer). */
export class GaleraCluster {
  readonly root = mkdtempSync(join(tmpdir(), 'kanri-galera-'));
  readonly nodes = [1, 2, 3].map((i) => new GaleraNode(i, this.root));

  async start(): Promise<void> {
    chmodSync(this.root, 0o755);
    for (const n of this.nodes) {
      mkdirSync(join(this.root, `node${n.index}`), { recursive: true });
      n.ports = {
        sql: await freePort(),
        gcomm: await freePort(),
        ist: await freePort(),
        sst: await freePort(),
      };
    }
    for (const n of this.nodes) n.writeConfig(this.nodes);
    // One after another: parallel bootstraps trip over each other's temporary tables.
    for (const n of this.nodes) await n.install();
    this.nodes[0].start(true);
    await this.nodes[0].waitReady();
    for (const n of this.nodes.slice(1)) {
      n.start();
      await n.waitReady();
    }
  }

  async createDatabase(name: string): Promise<void> {
    const c = await this.nodes[0].connect();
    try {
      await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    } finally {
      await c.end();
    }
  }

  async destroy(): Promise<void> {
    for (const n of [...this.nodes].reverse()) await n.stop().catch(() => undefined);
    rmSync(this.root, { recursive: true, force: true });
  }
}
