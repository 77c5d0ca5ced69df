import type request from 'supertest';
import type { Response } from 'supertest';
import { contractViolation } from './openapi-contract';

type Http = ReturnType<typeof request>;
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/**
 * supertest whose every answer is checked against docs/api/openapi.json: awaiting a request whose answer the
 * document does not describe fails the test with the reason. `testOnly` are path prefixes of routes a test mounts
 * for itself, which the document rightly does not have.
 */
export function checkedAgainstDocument(http: Http, testOnly: readonly string[] = []): Http {
  return new Proxy(http, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof property !== 'string' || !METHODS.has(property) || typeof value !== 'function') return value;
      return (url: string) => {
        const test = (value as (url: string) => request.Test).call(target, url);
        const then = test.then.bind(test);
        test.then = ((onFulfilled?: (res: Response) => unknown, onRejected?: (e: unknown) => unknown) =>
          then((res: Response) => {
            const violation = contractViolation(property, url, res, testOnly);
            // KANRI_CONTRACT_LOG (surveying what the suite sees) records instead of failing.
            if (violation && !process.env.KANRI_CONTRACT_LOG) {
              // A 5xx body says nothing on purpose: its request id is what finds the server's log line.
              const id = res.status >= 500 ? res.headers['x-request-id'] : undefined;
              throw new Error(`OpenAPI contract: ${violation}${id ? ` (request id ${String(id)})` : ''}`);
            }
            return res;
          }).then(onFulfilled, onRejected)) as request.Test['then'];
        return test;
      };
    },
  });
}
