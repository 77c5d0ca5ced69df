import { type ChildServer, startChildServer } from '../../proof/support/child-server';

/** How long an instance may take to answer its health check on a loaded machine (three state transfers at once). */
const START_TIMEOUT_MS = Number(process.env.CLUSTER_START_TIMEOUT_MS ?? 600_000);

/**
 * One Kanri instance of the cluster drills: the built server as a process (test/proof/support/child-server.ts) with
 * the drills' longer start-up allowance. Stopped by its PID.
 */
export function startInstance(env: Record<string, string>, port?: number): Promise<ChildServer> {
  return startChildServer(env, port, { startTimeoutMs: START_TIMEOUT_MS, name: 'instance' });
}
