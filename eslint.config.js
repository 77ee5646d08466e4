// Lint: typescript-eslint's recommended rules plus the type-aware ones that catch real bugs (unobserved
// promises, promises where a callback is expected, non-exhaustive switches), and the module boundaries of
// ARCHITECTURE.md as import rules. Formatting is prettier's job (`npm run format:check`), not lint's.
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';
import noPromiseHeldAcrossAwait from './eslint-rules/no-promise-held-across-await.js';

const SANDBOX_PACKAGE_NAME = '@awsarch/aws-sandbox';
const SANDBOX_PACKAGE_DIR = join(import.meta.dirname, 'packages', 'aws-sandbox');
const PACKAGES_DIR = join(import.meta.dirname, 'packages');
/** The only files of awsarch that attach the sandbox: its command and the client factory. */
const SANDBOX_ENTRY_POINTS = ['src/commands/sandbox.ts', 'src/aws/session.ts'];

/** Calls check(node, specifier) for every module a file loads: import, export ... from, import(), import x = require(). */
function onModuleSpecifiers(check) {
  const visit = (node) => {
    if (node.source?.type === 'Literal' && typeof node.source.value === 'string') check(node.source, node.source.value);
  };
  return {
    ImportDeclaration: visit,
    ExportAllDeclaration: visit,
    ExportNamedDeclaration: visit,
    ImportExpression: visit,
    TSImportEqualsDeclaration(node) {
      const reference = node.moduleReference;
      if (reference.type === 'TSExternalModuleReference') check(reference.expression, reference.expression.value);
    },
  };
}

const resolvedFrom = (file, specifier) => resolve(dirname(file), specifier);
const isInside = (path, dir) => path.startsWith(dir + sep);

/**
 * Module boundaries of the sandbox (ARCHITECTURE.md, "The sandbox"): the package is an independent oracle and
 * loads nothing of awsarch; awsarch reaches it only through its package name, from its two entry points.
 * Dynamic import() is checked too, which no-restricted-imports does not see.
 */
const boundaries = {
  rules: {
    'sandbox-self-contained': {
      meta: { type: 'problem', schema: [] },
      create: (context) =>
        onModuleSpecifiers((node, specifier) => {
          const leaves =
            isAbsolute(specifier) ||
            (specifier.startsWith('.') && !isInside(resolvedFrom(context.filename, specifier), SANDBOX_PACKAGE_DIR)) ||
            specifier === 'awsarch' ||
            specifier.startsWith('awsarch/') ||
            specifier.startsWith('#');
          if (leaves)
            context.report({
              node,
              message: `the sandbox package imports nothing of awsarch ("${specifier}" leaves packages/aws-sandbox); write the rule it needs from AWS's documentation`,
            });
        }),
    },
    'sandbox-entry-points': {
      meta: { type: 'problem', schema: [] },
      create: (context) =>
        onModuleSpecifiers((node, specifier) => {
          const intoPackages =
            specifier === SANDBOX_PACKAGE_NAME ||
            specifier.startsWith(`${SANDBOX_PACKAGE_NAME}/`) ||
            (specifier.startsWith('.') && isInside(resolvedFrom(context.filename, specifier), PACKAGES_DIR));
          if (intoPackages)
            context.report({
              node,
              message: `only ${SANDBOX_ENTRY_POINTS.join(' and ')} attach the sandbox, through "${SANDBOX_PACKAGE_NAME}"`,
            });
        }),
    },
  },
};

const noUiOrCommands = [
  {
    group: ['**/ui/*', '**/ui/**'],
    message: 'domain code reports through the IoHost port in core/; views and hosts live in ui/',
  },
  { group: ['**/commands/*', '**/commands/**', '**/cli.js'], message: 'commands call domain code, never the reverse' },
];
const noSandbox = [
  {
    group: [SANDBOX_PACKAGE_NAME, `${SANDBOX_PACKAGE_NAME}/*`, '**/packages/aws-sandbox/**'],
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
    selector: `BinaryExpression[operator=/^[!=]==?$/][left.property.name='code'][right.value=/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/]`,
    message: 'compare with a registry entry (ERR.X.is(error), or ERR.X.code)',
  },
  {
    selector:
      'CallExpression[callee.object.name=/^(ErrorCode|MessageCode|MessageFamily)$/]' +
      '[callee.property.name=/^(define|forwarded)$/]',
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
    ignores: [
      'dist/**',
      'workloads-cdk/dist/**',
      'packages/*/dist/**',
      'coverage/**',
      '**/cdk.out/**',
      '.awsarch/**',
      'node_modules/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { project: './tsconfig.test.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { awsarch: { rules: { 'no-promise-held-across-await': noPromiseHeldAcrossAwait } } },
    rules: {
      'awsarch/no-promise-held-across-await': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read parsed JSON documents and SDK errors field by field; typing each probe adds nothing.
    files: ['test/**/*.ts', 'test/**/*.tsx', 'packages/*/test/**/*.ts'],
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
    ignores: ['src/ui/**', 'src/commands/**', 'src/cli.ts', 'src/aws/session.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...noUiOrCommands, ...noSandbox] }] },
  },
  {
    // The client factory's sandbox attachment (--sandbox) is, with the sandbox command, the one place that
    // loads the sandbox (the boundaries rule below checks how).
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
    ignores: CODE_REGISTRIES,
    rules: { 'no-restricted-syntax': ['error', ...literalCodes] },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: SANDBOX_ENTRY_POINTS,
    plugins: { boundaries },
    rules: { 'boundaries/sandbox-entry-points': 'error' },
  },
  {
    files: ['packages/aws-sandbox/**/*.ts', 'packages/aws-sandbox/**/*.mjs', 'packages/aws-sandbox/**/*.js'],
    plugins: { boundaries },
    rules: { 'boundaries/sandbox-self-contained': 'error' },
  },
);
