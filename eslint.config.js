// Lint: typescript-eslint's recommended rules plus the type-aware ones that catch real bugs (unobserved
// promises, promises where a callback is expected, non-exhaustive switches), and the module boundaries of
// ARCHITECTURE.md as import rules. Formatting is prettier's job (`npm run format:check`), not lint's.
import tseslint from 'typescript-eslint';

const noUiOrCommands = [
  {
    group: ['**/ui/*', '**/ui/**'],
    message: 'domain code reports through the IoHost port in core/; views and hosts live in ui/',
  },
  { group: ['**/commands/*', '**/commands/**', '**/cli.js'], message: 'commands call domain code, never the reverse' },
];
const noSandbox = [
  {
    group: ['**/sandbox/*', '**/sandbox/**'],
    message: 'only the sandbox command and the client factory attach the sandbox',
  },
];

/**
 * Codes come from their registries (core/error-codes.ts, core/message-codes.ts, and the data codes in
 * **\/*-codes.ts), never from string literals: tsc already refuses a string where an entry is expected, and
 * these selectors catch the places it cannot see (a code spelled in an object or a comparison).
 */
const LITERAL = '/^(Literal|TemplateLiteral)$/';
const literalCodes = [
  {
    selector: `NewExpression[callee.name='AwsarchError'][arguments.0.type=${LITERAL}]`,
    message: 'error codes come from ERR (src/core/error-codes.ts)',
  },
  {
    selector: `CallExpression[callee.name='usageError'][arguments.0.type=${LITERAL}]`,
    message: 'error codes come from ERR (src/core/error-codes.ts)',
  },
  {
    selector: `CallExpression[callee.property.name=/^(info|warn|debug)$/][arguments.0.type=${LITERAL}]`,
    message: 'message codes come from MSG (src/core/message-codes.ts)',
  },
  {
    // zod's own issue code 'custom' is zod's, not ours.
    selector: `Property[key.name='code'][value.type=${LITERAL}][value.value!='custom']`,
    message: 'codes come from a registry (ERR, MSG, or a *-codes.ts of the domain)',
  },
  {
    selector: `BinaryExpression[operator=/^[!=]==?$/][left.property.name='code'][right.value=/^[a-z][a-z0-9.-]*$/]`,
    message: 'compare with a registry entry (ERR.X.is(error), or ERR.X.code)',
  },
  {
    selector: `CallExpression[callee.object.name=/^(ErrorCode|MessageCode|MessageFamily)$/][callee.property.name=/^(define|forwarded)$/]`,
    message: 'codes are defined only in their registry (src/core/error-codes.ts, src/core/message-codes.ts)',
  },
];
const CODE_REGISTRIES = [
  'src/core/error-codes.ts',
  'src/core/message-codes.ts',
  'src/core/codes.ts',
  'src/**/*-codes.ts',
];

/**
 * Domain files that still import ui/ types (they build their own human output). Issue "Contracts for
 * pipelines" moves their views into ui/ and empties this list; no file may be added to it.
 */
const UI_BOUNDARY_BACKLOG = [
  'src/aws/session.ts',
  'src/core/context.ts',
  'src/hybrid/failover-test.ts',
  'src/hybrid/status.ts',
  'src/hybrid/failover-view.ts',
  'src/hybrid/status-view.ts',
  'src/workloads/views.ts',
  'src/workloads/toolkit-io.ts',
  'src/workloads/assembly-source.ts',
  'src/workloads/replay/replay-admin.ts',
  'src/workloads/replay/orders/orders-replay.ts',
  'src/workloads/replay/orders/rebuild-views.ts',
  'src/workloads/replay/ride-sharing-replay.ts',
  'src/workloads/replay/replay-views.ts',
  'src/workloads/replay/replay-follow.ts',
  'src/scps/views.ts',
  'src/scps/plan-views.ts',
  'src/baselines/vend-baseline.ts',
  'src/baselines/views.ts',
  'src/baselines/progress.ts',
  'src/accounts/wait-for-account.ts',
  'src/accounts/org-tree.ts',
  'src/accounts/views.ts',
  'src/accounts/vend-account.ts',
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'workloads-cdk/dist/**', 'coverage/**', '**/cdk.out/**', '.awsarch/**', 'node_modules/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read parsed JSON documents and SDK errors field by field; typing each probe adds nothing.
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'bin/awsarch'],
    extends: [tseslint.configs.recommended, tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/ui/**', 'src/commands/**', 'src/cli.ts', 'src/sandbox/**', ...UI_BOUNDARY_BACKLOG],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...noUiOrCommands, ...noSandbox] }] },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: [...CODE_REGISTRIES, 'src/sandbox/**'],
    rules: { 'no-restricted-syntax': ['error', ...literalCodes] },
  },
  {
    // The sandbox's own AWS error codes are AWS's; only its awsarch command glue uses awsarch's codes.
    files: ['src/sandbox/cli/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...literalCodes] },
  },
  {
    files: UI_BOUNDARY_BACKLOG,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: noSandbox }] },
  },
);
