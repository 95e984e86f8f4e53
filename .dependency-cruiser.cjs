/**
 * Library boundaries (house style): a library's src/index.ts is its only public surface; workflows
 * import only pure code; domain code stays free of Nest and databases; libraries never import apps.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'library-internals',
      comment: 'Import another library only through its index.ts (the @lien-thong/<lib> alias).',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: {
        path: '^libs/[^/]+/src/',
        pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/testing/index\\.ts$'],
      },
    },
    {
      name: 'app-and-test-use-library-index',
      comment: 'Apps, workflows, tests and tools use a library only through its index.ts.',
      severity: 'error',
      from: { path: '^(apps|workflows|test|tools)/' },
      to: {
        path: '^libs/[^/]+/src/',
        pathNot: ['^libs/[^/]+/src/index\\.ts$', '^libs/[^/]+/src/testing/index\\.ts$'],
      },
    },
    {
      name: 'libraries-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'workflows-are-pure',
      comment:
        'Workflow code runs in the Temporal sandbox: only contracts, calendar and pure domain code. ' +
        'Its specs (beside it) run in jest.',
      severity: 'error',
      from: { path: '^workflows/', pathNot: '\\.spec\\.ts$' },
      to: {
        dependencyTypes: ['npm', 'core', 'local'],
        pathNot: [
          '^workflows/',
          '^libs/contracts/',
          '^libs/calendar/',
          '^libs/[^/]+/src/domain/',
          '^libs/[^/]+/data/',
          '^node_modules/@temporalio/(workflow|common)/',
        ],
      },
    },
    {
      name: 'coordination-sits-above-the-contexts',
      comment:
        'libs/coordination depends on the dossiers context (and contracts, projections...), never the ' +
        'reverse: no library imports it; apps, tests and tools do, through its index.ts.',
      severity: 'error',
      from: { path: '^libs/', pathNot: '^libs/coordination/' },
      to: { path: '^libs/coordination/' },
    },
    {
      name: 'workflows-do-not-import-coordination',
      comment:
        "Workflows talk to coordination through libs/contracts only: coordination's domain reads the " +
        'dossiers library (Nest, pg) and would pull it into the sandbox.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^libs/coordination/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: ['^node_modules/(@nestjs|pg|@eventstore|@temporalio/(client|worker|activity))/'] },
    },
    {
      name: 'testing-helpers-only-in-tests',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['\\.spec\\.ts$', '/testing/', '/bench/'] },
      to: { path: '^libs/[^/]+/src/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', 'dist', '\\.data'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
