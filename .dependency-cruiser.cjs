/**
 * Library boundaries (house style): a library's src/index.ts is its only public surface; workflows
 * import only pure code; domain code stays free of Nest and databases; libraries never import apps;
 * libraries are in layers and import only their own layer and those below (issue 17, ADR 0015).
 */

/**
 * Lowest first. A library may import libraries of its own layer or of a lower one, never of a higher
 * one; its tests, test kits and benchmarks count as the library. The apps are above every layer (rule
 * libraries-do-not-import-apps); test/ and tools/ may import anything. A new library must be placed
 * here (rule library-has-a-layer).
 */
const LAYERS = [
  { name: 'foundation', libraries: ['contracts', 'calendar', 'postgres', 'config', 'temporal-bootstrap'] },
  { name: 'event-store', libraries: ['event-store'] },
  { name: 'projections', libraries: ['projections'] },
  // What several contexts build on and which imports none of them: the access decorators, the
  // personal-data vault, the dossier's published language (events and state).
  { name: 'context-foundations', libraries: ['access', 'personal-data', 'dossier-model', 'files'] },
  {
    name: 'bounded-contexts',
    libraries: [
      'agencies',
      'procedures',
      'holiday-calendar',
      'dossiers',
      'dossier-tracing',
      'dossier-forms',
      'identity',
      'agency-notifications',
    ],
  },
  // A bounded context above the others: it reads dossiers, and no library imports it (rule
  // coordination-sits-above-the-contexts, below).
  { name: 'coordination', libraries: ['coordination'] },
  // Readers of the dossiers context that nothing imports but the apps: notices to applicants (records
  // what it sent through the dossiers context) and the reports (count working time on the units'
  // calendars, read the procedure versions).
  { name: 'dossier-readers', libraries: ['applicant-notifications', 'reports', 'channels'] },
  // Simulation and what-if (issue 21): reads the procedures, the calendars and the reports' read models;
  // nothing imports it but the apps.
  { name: 'analysis', libraries: ['simulation'] },
  { name: 'platform', libraries: ['platform'] },
];

const libraryPath = (libraries) => `^libs/(${libraries.join('|')})/`;
const everyLibrary = LAYERS.flatMap((layer) => layer.libraries);

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.name}-imports-no-higher-layer`,
  comment:
    `Libraries of the ${layer.name} layer (${layer.libraries.join(', ')}) may not import a higher layer: ` +
    LAYERS.slice(index + 1)
      .map((higher) => higher.name)
      .join(' < '),
  severity: 'error',
  from: { path: libraryPath(layer.libraries) },
  to: { path: libraryPath(LAYERS.slice(index + 1).flatMap((higher) => higher.libraries)) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'postgres-imports-nothing-of-ours',
      comment: 'libs/postgres is the floor: every library may use it, so it uses none (see its README).',
      severity: 'error',
      from: { path: '^libs/postgres/' },
      to: { path: '^libs/', pathNot: '^libs/postgres/' },
    },
    {
      name: 'library-has-a-layer',
      comment: 'Every library is placed in LAYERS (.dependency-cruiser.cjs), so the layer rules cover it.',
      severity: 'error',
      from: { path: '^libs/', pathNot: libraryPath(everyLibrary) },
      to: {},
    },
    {
      name: 'library-has-a-layer',
      comment: 'Every library is placed in LAYERS (.dependency-cruiser.cjs), so the layer rules cover it.',
      severity: 'error',
      from: {},
      to: { path: '^libs/', pathNot: libraryPath(everyLibrary) },
    },
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
      comment:
        'Apps, workflows, tests and tools use a library only through its index.ts (and testing/index.ts; ' +
        "platform's tracing/index.ts, which a main loads before anything else).",
      severity: 'error',
      from: { path: '^(apps|workflows|test|tools)/' },
      to: {
        path: '^libs/[^/]+/src/',
        pathNot: [
          '^libs/[^/]+/src/index\\.ts$',
          '^libs/[^/]+/src/testing/index\\.ts$',
          '^libs/platform/src/tracing/index\\.ts$',
        ],
      },
    },
    {
      name: 'console-talks-to-the-api-only',
      comment:
        'The web console runs in the browser: it knows the API through its generated OpenAPI types, ' +
        'never through the server code (libraries or other apps).',
      severity: 'error',
      from: { path: '^apps/console/' },
      to: { path: '^(libs|workflows|apps/(?!console/))' },
    },
    {
      name: 'nothing-imports-the-console',
      comment: 'The console is served as built files; server code and tests do not import its sources.',
      severity: 'error',
      from: { path: '^(libs|workflows|apps/(?!console/))' },
      to: { path: '^apps/console/' },
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
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
