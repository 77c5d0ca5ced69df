import type { INestApplication, LoggerService } from '@nestjs/common';

/**
 * Everything the app logs, and everything written to stdout and stderr, kept in `lines` so that a plaintext scan
 * can search it for the secrets it sent. Returns the function that lets output through again.
 */
export function captureOutput(app: INestApplication, lines: string[]): () => void {
  const capture =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push(`${level} ${args.map(String).join(' ')}`);
  const logger: LoggerService = {
    log: capture('log'),
    error: capture('error'),
    warn: capture('warn'),
    debug: capture('debug'),
    verbose: capture('verbose'),
    fatal: capture('fatal'),
  };
  app.useLogger(logger);
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    }),
  );
  return () => spies.forEach((spy) => spy.mockRestore());
}
