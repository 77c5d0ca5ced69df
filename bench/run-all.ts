/**
 * `npm run bench`: runs every `bench:*` script of package.json one after another (read at run time, so a benchmark
 * added later is included) and prints one table of figures against their goals.
 *
 * Convention for a benchmark's output: one line that starts with `bench:<name>` and states each figure with its
 * goal, as `<figure> <value> [unit] (goal <op> <value>)`, e.g.
 *   bench:login ratio 0.91 (goal >= 0.8)
 *   bench:audit-export ratio 0.95 (goal >= 0.5) rssGrowthMB 12 (goal < 100)
 * A benchmark that exits non-zero, or prints no goal, fails. `npm run bench -- login users-list` runs only those.
 * BENCH_TIMEOUT_MINUTES (default 20) bounds each benchmark.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Goal {
  figure: string;
  value: number;
  unit: string;
  op: string;
  target: number;
  pass: boolean;
}

interface BenchResult {
  name: string;
  seconds: number;
  exitCode: number | null;
  line: string | null;
  goals: Goal[];
  tail: string;
}

const GOAL =
  /([A-Za-z][\w/.-]*)\s+(-?\d+(?:\.\d+)?)\s*([A-Za-z%/]*)\s*\(goal\s*(>=|<=|<|>|=)\s*(-?\d+(?:\.\d+)?)\s*[A-Za-z%/]*\)/g;

export function parseGoals(line: string): Goal[] {
  const goals: Goal[] = [];
  for (const m of line.matchAll(GOAL)) {
    const value = Number(m[2]);
    const target = Number(m[5]);
    const op = m[4];
    const pass =
      op === '>='
        ? value >= target
        : op === '<='
          ? value <= target
          : op === '>'
            ? value > target
            : op === '<'
              ? value < target
              : value === target;
    goals.push({ figure: m[1], value, unit: m[3], op, target, pass });
  }
  return goals;
}

function runOne(name: string, timeoutMs: number): Promise<BenchResult> {
  const started = Date.now();
  return new Promise((done) => {
    let output = '';
    // Its own process group, so that whatever the benchmark started (an app server in a child process) goes with
    // it: an orphan holding the output pipes would otherwise keep this runner waiting.
    const child = spawn('npm', ['run', '--silent', `bench:${name}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
      detached: true,
    });
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    };
    const echo = (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', echo);
    const timer = setTimeout(() => killGroup('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      killGroup('SIGTERM');
      // Let the last output drain, then judge it.
      setTimeout(() => {
        const line =
          output
            .split(/\r?\n/)
            .reverse()
            .find((l) => l.startsWith(`bench:${name}`) && l.includes('(goal')) ?? null;
        done({
          name,
          seconds: (Date.now() - started) / 1000,
          exitCode: code,
          line,
          goals: line ? parseGoals(line) : [],
          tail: output.split(/\r?\n/).slice(-5).join('\n'),
        });
      }, 200);
    });
  });
}

function table(results: BenchResult[]): string {
  const rows: string[][] = [['benchmark', 'figure', 'measured', 'goal', 'result', 'time']];
  for (const r of results) {
    if (!r.goals.length) {
      rows.push([
        r.name,
        '-',
        r.exitCode === 0 ? 'no goal printed' : `exit ${r.exitCode ?? 'killed'}`,
        '-',
        'FAIL',
        `${r.seconds.toFixed(0)} s`,
      ]);
      continue;
    }
    r.goals.forEach((g, i) =>
      rows.push([
        i === 0 ? r.name : '',
        g.figure,
        `${g.value}${g.unit ? ` ${g.unit}` : ''}`,
        `${g.op} ${g.target}`,
        g.pass && r.exitCode === 0 ? 'pass' : 'FAIL',
        i === 0 ? `${r.seconds.toFixed(0)} s` : '',
      ]),
    );
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => [...row[c]].length)));
  const fmt = (row: string[]) =>
    `| ${row.map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length)).join(' | ')} |`;
  return [
    fmt(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(fmt),
  ].join('\n');
}

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const all = Object.keys(pkg.scripts)
    .filter((s) => s.startsWith('bench:'))
    .map((s) => s.slice('bench:'.length));
  const wanted = process.argv.slice(2);
  const names = wanted.length ? all.filter((n) => wanted.includes(n)) : all;
  const timeoutMs = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 20) * 60_000;
  const results: BenchResult[] = [];
  for (const name of names) {
    process.stderr.write(`\n==> bench:${name}\n`);
    results.push(await runOne(name, timeoutMs));
  }
  process.stdout.write(`\n${table(results)}\n`);
  const failed = results.filter((r) => r.exitCode !== 0 || !r.goals.length || r.goals.some((g) => !g.pass));
  for (const r of failed.filter((f) => f.exitCode !== 0 || !f.goals.length))
    process.stdout.write(`\n${r.name} (exit ${r.exitCode ?? 'killed'}):\n${r.tail}\n`);
  process.stdout.write(
    `\n${results.length - failed.length} of ${results.length} benchmarks meet their goals\n`,
  );
  if (failed.length) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
