/**
 * The Kanri app for the audit benchmarks, in a process of its own so that its memory and CPU are measured apart
 * from the load generator, the seeding and the baseline. Started by bench/audit-bench-support.ts with `fork`;
 * reports its port, then obeys `{ audit: boolean }` (auditing on/off, for bench:audit-overhead) and `close`, and
 * answers each command with the CPU time it has used so far.
 */
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { startBenchApp } from './support';

async function main(): Promise<void> {
  const { app, port } = await startBenchApp({
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    // The audit streaming variant needs the in-process schedules: its delivery job polls under them.
    ...(process.env.BENCH_AUDIT_STREAM ? { SCHEDULER_ENABLED: 'true' } : {}),
  });
  process.on('message', (message: { id: number; audit?: boolean; close?: boolean }) => {
    void (async () => {
      if (message.audit !== undefined) app.get(AuditRecorder).setEnabled(message.audit);
      if (message.close) await app.close();
      const cpu = process.cpuUsage();
      process.send!({ ack: message.id, cpuMicros: cpu.user + cpu.system });
      if (message.close) process.exit(0);
    })();
  });
  process.send!({ port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
