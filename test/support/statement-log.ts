import type { TestApp } from './test-app';

/** Runs `work` and answers its result with every statement the app sent meanwhile, whitespace folded. */
export type StatementCounter = <T>(work: () => Promise<T>) => Promise<{ result: T; sent: string[] }>;

/**
 * Records the statements the app sends to its database while a piece of work runs: counted, never timed, so a
 * change that adds a round trip to a hot path fails a test and has to say why. Statements of work still in flight
 * from before (the operation history's group commit) may land in a window: assert on the statements a check is
 * about, not on the whole list, unless the path writes no history.
 */
export function statementLog(t: TestApp): StatementCounter {
  let statements: string[] | null = null;
  const logger = t.dataSource.logger;
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (query, parameters, queryRunner) => {
    statements?.push(query.replace(/\s+/g, ' ').trim());
    return logQuery(query, parameters, queryRunner);
  };
  return async (work) => {
    statements = [];
    try {
      const result = await work();
      return { result, sent: statements };
    } finally {
      statements = null;
    }
  };
}
