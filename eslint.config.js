// Lint: typescript-eslint's recommended rules plus the type-aware ones that catch real bugs (unobserved
// promises, promises where a callback is expected, non-exhaustive switches), and the module boundaries of
// ARCHITECTURE.md as import rules. Formatting is prettier's job (`npm run format:check`), not lint's.
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';

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
    files: ['test/**/*.ts', 'test/**/*.tsx', 'packages/*/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'bin/awsarch'],
    extends: [tseslint.configs.recommended, tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/ui/**', 'src/commands/**', 'src/cli.ts', ...UI_BOUNDARY_BACKLOG],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...noUiOrCommands, ...noSandbox] }] },
  },
  {
    files: UI_BOUNDARY_BACKLOG.filter((file) => !SANDBOX_ENTRY_POINTS.includes(file)),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: noSandbox }] },
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
