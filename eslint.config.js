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

/** core/ and aws/ are the bottom layer: domain code builds on them, never the reverse. */
const noDomain = [
  {
    group: ['**/accounts/**', '**/baselines/**', '**/scps/**', '**/hybrid/**', '**/workloads/**', '#workloads/*'],
    message: 'core/ and aws/ are the bottom layer (commands -> domain -> aws/core)',
  },
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
    // Domain code (and core/, aws/) reports through the IoHost port and returns data; views live in ui/.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/ui/**', 'src/commands/**', 'src/cli.ts', 'src/sandbox/**', 'src/aws/session.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...noUiOrCommands, ...noSandbox] }] },
  },
  {
    // The client factory's sandbox attachment (--sandbox) is the one place outside the sandbox command that
    // loads the sandbox.
    files: ['src/aws/session.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...noUiOrCommands, ...noDomain] }] },
  },
  {
    files: ['src/core/**/*.ts', 'src/aws/**/*.ts'],
    ignores: ['src/aws/session.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [...noUiOrCommands, ...noSandbox, ...noDomain] },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: [...CODE_REGISTRIES, 'src/sandbox/**'],
    rules: { 'no-restricted-syntax': ['error', ...literalCodes] },
  },
  {
    // The sandbox's own error codes are AWS's; only its awsarch command glue uses awsarch's codes.
    files: ['src/sandbox/cli/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...literalCodes] },
  },
);
