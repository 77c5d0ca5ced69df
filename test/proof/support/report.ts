import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the proof suite writes its evidence (JSON per drill): PROOF_REPORT_DIR, else a folder under the temp dir. */
export function reportDir(): string {
  const dir = process.env.PROOF_REPORT_DIR ?? join(tmpdir(), 'kanri-proof');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function writeReport(name: string, data: unknown): string {
  const file = join(reportDir(), `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

/** Prints lines to the terminal without jest's console decoration (stdout of the jest process). */
export function say(lines: string | string[]): void {
  process.stdout.write(`${([] as string[]).concat(lines).join('\n')}\n`);
}
