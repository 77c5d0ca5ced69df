import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const SOURCES = ['src', 'libs'].map((dir) => join(ROOT, dir));

function newestSource(dir: string): { file: string; mtimeMs: number } {
  let newest = { file: dir, mtimeMs: 0 };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory()
      ? newestSource(path)
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
        ? { file: path, mtimeMs: statSync(path).mtimeMs }
        : newest;
    if (candidate.mtimeMs > newest.mtimeMs) newest = candidate;
  }
  return newest;
}

/**
 * The server the drills start as a process: `dist/src/main.js`, what production runs (`npm start`), built by
 * `npm run build` with the @nestjs/swagger plugin. Refuses a build older than any source file, so a drill never
 * proves an earlier tree than the one being tested.
 */
export function builtServerEntry(): string {
  checked ??= checkedBuild();
  return checked;
}

/** Checked once per test file: the cluster drills start seven instances, the kill drill several servers. */
let checked: string | undefined;

function checkedBuild(): string {
  const main = join(ROOT, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error('Kanri is not built: run `npm run build` before the drills.');
  const built = statSync(main).mtimeMs;
  for (const dir of SOURCES) {
    const newest = newestSource(dir);
    if (newest.mtimeMs > built)
      throw new Error(
        `${newest.file} changed after the last build: run \`npm run build\` before the drills.`,
      );
  }
  return main;
}
