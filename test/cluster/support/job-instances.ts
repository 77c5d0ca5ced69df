import { createTestApp, type TestApp } from '../../support/test-app';
import { CLUSTER_DB, type ClusterWorld } from './cluster-world';

/**
 * Three in-process Kanri apps, app i on Galera node i, for firing scheduled jobs the way an instance's schedule
 * would (their classes are reachable with `app.get`; the child instances are separate processes). They use the keys
 * the child instances use (child-server.ts), so the CA's sealed keys open, and inherit the `KANRI_TEST_*` switches
 * of the test process, as the child instances do.
 */
export async function jobInstances(
  world: ClusterWorld,
  /** Switches for these apps only, over those of the test process (e.g. `KANRI_TEST_GUARDS_OFF`). */
  env: Record<string, string> = {},
  /** Node indexes (0-based) to start an app on; by default all three. */
  nodes: readonly number[] = [0, 1, 2],
): Promise<TestApp[]> {
  const apps: TestApp[] = [];
  try {
    for (const n of nodes.map((i) => world.galera.nodes[i]))
      apps.push(
        await createTestApp({
          env: {
            AUDIT_RETENTION_DAYS: '3650',
            JWT_SECRET: 'proof-secret-proof-secret-proof-secret-0123456789',
            FIELD_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
            ...Object.fromEntries(
              Object.entries(process.env).filter(
                (e): e is [string, string] => e[0].startsWith('KANRI_TEST_') && e[1] !== undefined,
              ),
            ),
            ...env,
          },
          database: { url: `${n.url}/${CLUSTER_DB}`, drop: async () => undefined },
        }),
      );
    return apps;
  } catch (error) {
    for (const a of apps) await a.close().catch(() => undefined);
    throw error;
  }
}
