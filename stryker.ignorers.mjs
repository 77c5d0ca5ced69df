// Stryker ignorers for `npm run test:mutation` (see stryker.config.js).
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/**
 * Callees whose string arguments are human-readable messages: `new AppError(…)`, `AppError.conflict(…)`,
 * `ScimError.invalidValue(…)`, `new Error(…)`, and the `fail(field, message)` helpers that collect row errors of an import.
 */
function isErrorConstructor(callee) {
  if (callee.type === 'Identifier') return /Error$/.test(callee.name) || callee.name === 'fail';
  return (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'Identifier' &&
    (callee.object.name === 'AppError' || callee.object.name === 'ScimError')
  );
}

/** Local helpers whose first argument is the message of the error they build (csr.ts: `malformed`, `keyRefused`). */
const MESSAGE_FIRST = new Set(['malformed', 'keyRefused']);

const TEXT = new Set(['StringLiteral', 'TemplateLiteral', 'ConditionalExpression', 'BinaryExpression']);

/**
 * The message of an error is words for people, not a rule: clients and tests act on the error code and its
 * details (SPEC error shape), which are mutated and must be asserted. A mutant that only rewrites the wording
 * would be "killed" only by a test pinning the text, which is what the rule tests must not do.
 */
export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'error-messages', {
    shouldIgnore(path) {
      const parent = path.parentPath;
      // `{ code, message: '…' }`, `{ line, field, message: '…' }`: the words beside a code or a field.
      if (
        TEXT.has(path.node.type) &&
        parent?.isObjectProperty() &&
        parent.node.value === path.node &&
        !parent.node.computed &&
        parent.node.key.type === 'Identifier' &&
        parent.node.key.name === 'message'
      ) {
        return 'A message is wording beside a code or field, which tests assert instead';
      }
      if (!parent || !(parent.isNewExpression() || parent.isCallExpression())) return undefined;
      if (
        TEXT.has(path.node.type) &&
        parent.node.callee.type === 'Identifier' &&
        MESSAGE_FIRST.has(parent.node.callee.name) &&
        parent.node.arguments[0] === path.node
      ) {
        return 'An error message is wording; tests assert the error code and details instead';
      }
      if (!TEXT.has(path.node.type) || !parent.node.arguments.includes(path.node)) return undefined;
      if (!isErrorConstructor(parent.node.callee)) return undefined;
      return 'An error message is wording; tests assert the error code and details instead';
    },
  }),
];
