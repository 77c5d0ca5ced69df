/**
 * One server of bench:floor in a process of its own, so that the load generator does not share its event loop:
 * `kanri` (the whole app, as `npm start` boots it), `nest-express`, `nest-express-kanri-server` (the same on Kanri's
 * ExpressServerAdapter) or `nest-fastify` (the empty Nest apps of login-ceilings.ts). Reports `{port}` over IPC, and
 * closes on `close` (or when the parent goes).
 */
import { hash } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '@kanri/security/password-hasher';
import { ExpressServerAdapter } from '@kanri/common/http/express-server-adapter';
import { type CeilingServer, startEmptyNestApp, startEmptyNestFastifyApp } from './login-ceilings';
import { startBenchApp } from './support';

async function start(kind: string): Promise<CeilingServer> {
  if (kind === 'kanri') {
    const { app, port } = await startBenchApp();
    return { port, close: () => app.close() };
  }
  const passwordHash = await hash('unused', ARGON2_OPTIONS);
  if (kind === 'nest-express') return startEmptyNestApp(passwordHash);
  if (kind === 'nest-express-kanri-server')
    return startEmptyNestApp(passwordHash, new ExpressServerAdapter());
  if (kind === 'nest-fastify') return startEmptyNestFastifyApp(passwordHash);
  throw new Error(`unknown server ${kind}`);
}

async function main(): Promise<void> {
  const server = await start(process.argv[2]);
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('message', (m: { close?: boolean }) => void (m.close && stop()));
  process.on('disconnect', () => void stop());
  process.send!({ port: server.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
