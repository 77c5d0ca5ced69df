import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { ChildServer } from '../../proof/support/child-server';
import { startInstance } from './instance';
import type { TestApp } from '../../support/test-app';
import { GaleraCluster } from './galera';
import { HaProxy } from './haproxy';

export const CLUSTER_DB = 'kanri_cluster';

/**
 * The whole cluster drill world: three Galera nodes, three Kanri instances (real processes, `src/main.ts`), instance
 * i on node i, and HAProxy round robin in front. `t` looks like the e2e suites' TestApp, so their factories
 * (test/support/org-factories.ts, approval-helpers.ts) build organizations through the balancer; its `dataSource`
 * reads node 1 (causal reads are on, so it sees every write acknowledged before). `onEveryNode` asks each node.
 */
export class ClusterWorld {
  readonly galera = new GaleraCluster();
  readonly haproxy = new HaProxy(this.galera.root);
  readonly instances: (ChildServer | null)[] = [null, null, null];
  /**
   * Requests through the balancer that send a 503 again after its `Retry-After` (up to 10 times), as a well-behaved
   * client does: for building the drills' organizations and accounts, which must not fail on a conflict storm.
   */
  t!: TestApp;
  /** Requests through the balancer exactly once: for the races themselves, whose every answer is counted. */
  raw!: TestApp['api'];

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(): Promise<void> {
    await this.galera.start();
    await this.galera.createDatabase(CLUSTER_DB);
    // All three at once: they race for the migration lease, on three different nodes.
    const started = await Promise.all([0, 1, 2].map((i) => this.startInstance(i)));
    await this.haproxy.start(started.map((s) => s.port));
    const base = `http://127.0.0.1:${this.haproxy.port}`;
    const http = request(base);
    const node1 = this.galera.nodes[0];
    const dataSource = {
      query: async (sql: string, params?: unknown[]) => {
        const c = await node1.connect(CLUSTER_DB);
        try {
          const [rows] = await c.query(sql, params);
          return rows;
        } finally {
          await c.end();
        }
      },
    } as unknown as DataSource;
    const raw: TestApp['api'] = (method, path, token) => {
      const r = http[method](`/api/v1${path}`);
      return token ? r.set('Authorization', `Bearer ${token}`) : r;
    };
    this.raw = raw;
    const api = ((...args: Parameters<TestApp['api']>) =>
      new RetryingRequest(() => raw(...args))) as unknown as TestApp['api'];
    this.t = {
      http,
      api,
      dataSource,
      clock: { now: () => new Date() },
      config: { timeZone: 'Asia/Tokyo' },
    } as unknown as TestApp;
  }

  instanceEnv(i: number): Record<string, string> {
    return {
      NODE_ENV: 'test',
      DATABASE_URL: `${this.galera.nodes[i].url}/${CLUSTER_DB}`,
      SCHEDULER_ENABLED: 'false',
      // Test-build switches of the test process (KANRI_TEST_AUDIT_OFF, …) reach the instances too.
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('KANRI_TEST_'))),
      ...this.env,
    };
  }

  async startInstance(i: number, port?: number): Promise<ChildServer> {
    const server = await startInstance(this.instanceEnv(i), port);
    this.instances[i] = server;
    return server;
  }

  /** The same query on every node that is up, each answer with its node number. */
  async onEveryNode<T>(sql: string, params: unknown[] = []): Promise<{ node: number; rows: T[] }[]> {
    const answers: { node: number; rows: T[] }[] = [];
    for (const n of this.galera.nodes) {
      if (!n.proc) continue;
      const c = await n.connect(CLUSTER_DB);
      try {
        const [rows] = await c.query(sql, params);
        answers.push({ node: n.index, rows: rows as T[] });
      } finally {
        await c.end();
      }
    }
    return answers;
  }

  async stop(): Promise<void> {
    await this.haproxy.stop().catch(() => undefined);
    for (const s of this.instances) await s?.stop().catch(() => undefined);
    await this.galera.destroy();
  }
}

type Answer = request.Response;

/**
 * The part of supertest's Test the e2e factories use (`send`, `set`, `expect(status)`, awaiting), sending the
 * request again while it answers 503 (nothing was changed; `Retry-After` says when to come back).
 */
class RetryingRequest implements PromiseLike<Answer> {
  private body: unknown;
  private readonly headers: [string, string][] = [];
  private expected: number | undefined;

  constructor(private readonly make: () => request.Test) {}

  send(body: unknown): this {
    this.body = body;
    return this;
  }

  set(name: string, value: string): this {
    this.headers.push([name, value]);
    return this;
  }

  expect(status: number): this {
    this.expected = status;
    return this;
  }

  private async run(): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      let req = this.make();
      for (const [k, v] of this.headers) req = req.set(k, v);
      const res = await (this.body === undefined ? req : req.send(this.body as object));
      if (res.status === 503 && attempt < 10) {
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
        continue;
      }
      if (this.expected !== undefined && res.status !== this.expected)
        throw new Error(`expected ${this.expected}, got ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    }
  }

  then<A = Answer, B = never>(
    ok?: ((value: Answer) => A | PromiseLike<A>) | null,
    fail?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    return this.run().then(ok, fail);
  }
}
