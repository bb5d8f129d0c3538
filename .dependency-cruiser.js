// The architecture, checked (docs/ARCHITECTURE.md, STYLE.md "Where each kind of code goes"):
// `npm run lint` runs these rules over src/, contract/ and web/src (dependency-cruiser, Node >= 22).
// Layers, lowest first: contract → adapters → db → domain → jobs / http → cli.
// Every exception below says why it is one.

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and blurs which module owns what: break it with a module both can import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a package missing from package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'src-not-to-dev-dependency',
      severity: 'error',
      comment: 'The server must run with production dependencies only; devDependencies are for tests, the build and the web UI bundle.',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      comment: 'Production code never imports test support, benchmarks or the web UI.',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench|web)/' },
    },
    {
      name: 'contract-is-pure',
      severity: 'error',
      comment:
        'contract/ is shared by the server and the browser bundle: zod schemas and types, no Node built-ins, nothing from src/ or web/.',
      // Its unit tests (not shipped) may import the test runner. luxon (pure JS) for
      // contract/date-reading.ts only: the import wizard must read a file's dates exactly as the
      // server will, so both use one function; nothing on the first screen imports that module.
      // momoa (a JSON parser that keeps every member) for contract/mapping-text.ts only: a key given
      // twice in a mapping file is named, on the server and in the wizard alike.
      from: { path: '^contract/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^contract/', '(^|/)node_modules/zod/', '(^|/)node_modules/luxon/', '(^|/)node_modules/@humanwhocodes/momoa/'] },
    },
    {
      name: 'web-not-to-src',
      severity: 'error',
      comment: 'The web UI talks to the server over HTTP only; what they share lives in contract/.',
      // A web unit test (never bundled) may cross-check a pure server rule it must agree with,
      // as My day's grouping checks the server's calendar rules.
      from: { path: '^web/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(src|test|bench)/' },
    },
    {
      name: 'web-not-to-node',
      severity: 'error',
      comment: 'The web UI runs in the browser.',
      from: { path: '^web/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'adapters-are-leaves',
      severity: 'error',
      comment:
        'src/adapters wraps private APIs of packages (src/adapters/README.md); it depends on those packages only, so every layer may use it. paths.ts (where the package files are) is a leaf itself.',
      from: { path: '^src/adapters/' },
      to: { path: '^src/', pathNot: '^src/(adapters/|paths\\.ts$)' },
    },
    {
      name: 'private-apis-in-adapters',
      severity: 'error',
      comment:
        "Only src/adapters reaches into a dependency's internals. PGlite's wire-protocol helpers (protocol, parse) are exported but serve its internal exclusive-query path.",
      from: { path: '^src/', pathNot: '^src/adapters/' },
      to: { path: '^node_modules/drizzle-orm/(pg-core/dialect|[a-z-]+/session)' },
    },
    {
      name: 'db-not-to-upper-layers',
      severity: 'error',
      comment: 'src/db is the database handle, schema and migrations: it knows no use case, route, job or command.',
      from: { path: '^src/db/' },
      to: { path: '^src/(domain|http|jobs|cli)/' },
    },
    {
      name: 'domain-not-to-edges',
      severity: 'error',
      comment: 'Use cases and rules know nothing of HTTP, jobs or the command line: those call them.',
      from: { path: '^src/domain/' },
      to: { path: ['^src/(http|jobs|cli)/', '^node_modules/(fastify|@fastify/[^/]+|pg-boss|commander)/'] },
    },
    {
      name: 'domain-areas-through-index',
      severity: 'error',
      comment: 'Across areas, a domain area is imported through its index.ts only (STYLE.md); inside an area, relative imports.',
      from: { path: '^src/(?!domain/)|^src/domain/([^/]+)/' },
      to: { path: '^src/domain/([^/]+)/.+', pathNot: ['^src/domain/$1/', '^src/domain/[^/]+/index\\.ts$'] },
    },
    {
      name: 'http-calls-use-cases-not-sql',
      severity: 'error',
      comment:
        'Routes and plugins call use cases (src/domain) and never query the database themselves: no driver, no ORM, no schema. They may import src/db/client.ts for the Database handle they pass on (and the server opens), and its readiness probe for /readyz.',
      from: { path: '^src/http/' },
      to: {
        path: ['^node_modules/(drizzle-orm|pg|@electric-sql/pglite|pg-copy-streams)/', '^src/db/(?!client\\.ts$)', '^src/adapters/'],
      },
    },
    {
      name: 'jobs-not-to-http-or-cli',
      severity: 'error',
      comment: 'A job handler calls use cases; it never reaches into routes or commands.',
      from: { path: '^src/jobs/' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'http-to-jobs-only-to-run-them',
      severity: 'error',
      comment:
        'The HTTP layer starts the job runner (server.ts: `rapport start` runs HTTP and jobs in one process unless --role splits them) and serves the failed-jobs list admins retry from (routes/jobs.ts: the jobs area owns pg-boss and its dead letters). Nothing else in http touches jobs.',
      from: { path: '^src/http/', pathNot: '^src/http/(server|routes/jobs)\\.ts$' },
      to: { path: '^src/jobs/' },
    },
    {
      name: 'only-cli-starts-the-server',
      severity: 'error',
      comment:
        'src/http is an entry point: nothing below it imports it. The one exception is `rapport start` (src/cli/start.ts), which starts the server.',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/cli/start\\.ts$'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'cli-is-the-top',
      severity: 'error',
      comment: 'Nothing imports the command line but the command line (bin/rapport.js loads the built main.js by URL).',
      from: { path: '^(src|contract|web)/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['^src/db/migrations/', '^dist/'] },
    // Type-only imports count: a layer may not even name another's types against these rules.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
