// ESLint flat config: type-aware typescript-eslint; Prettier owns formatting (STYLE.md).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Private APIs of dependencies are used in src/adapters only (src/adapters/README.md); the import
// rules are in .dependency-cruiser.js, these catch the property reads an import rule cannot see.
const privateApis = [
  {
    selector: 'MemberExpression[property.name=/^_runExclusive/]',
    message: "PGlite's private locks: use src/adapters/pglite-named-statements.ts.",
  },
  {
    selector: "MemberExpression[property.name='$client']",
    message: "drizzle's private $client: use pgPoolOf (src/adapters/drizzle-driver.ts).",
  },
  {
    selector: "MemberExpression[object.property.name='session'][property.name='client']",
    message: "drizzle's private session.client: use transactionConnectionOf (src/adapters/drizzle-driver.ts).",
  },
  {
    selector: ':matches(Literal[value=/__drizzle_migrations/], TemplateElement[value.raw=/__drizzle_migrations/])',
    message: "drizzle's migration journal: read it through src/adapters/drizzle-migrations.ts.",
  },
  {
    selector: ':matches(Literal[value=/pgboss\\./], TemplateElement[value.raw=/pgboss\\./])',
    message: "pg-boss's own tables: read and update them through src/adapters/pg-boss.ts.",
  },
];

// "Now" comes in (a use case's ctx.now, a Clock, the caller): src/domain and src/http never read the
// wall clock, so tests, the demo and replays set the time (docs/ARCHITECTURE.md "Use cases").
// `new Date(value)` (parsing, arithmetic) stays allowed.
const noWallClock = [
  {
    selector: 'NewExpression[callee.name="Date"][arguments.length=0]',
    message: 'No `new Date()` here: take the time from ctx.now (UseCaseContext / ReadContext), a Clock, or the caller.',
  },
  {
    selector: 'MemberExpression[object.name="Date"][property.name="now"]',
    message: 'No `Date.now()` here: take the time from ctx.now (UseCaseContext / ReadContext), a Clock, or the caller.',
  },
];

const noSqlInHttp = {
  // Routes and plugins call use cases (src/domain); the import rule keeps drivers out, this the raw calls.
  selector: 'CallExpression[callee.property.name=/^(query|exec|execute)$/]',
  message: 'http calls use cases, never SQL: move the query into src/domain (or src/db for the handle itself).',
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'src/db/migrations/', '.tmp/', 'test-results/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'web/vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `import { type A }` keeps the module (verbatimModuleSyntax): a screen importing only the
      // contract's types would load zod with it (docs/decisions/0021-answers-typed-not-parsed.md).
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // Fastify plugins and handlers are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/adapters/**', 'src/http/**', 'src/domain/**'],
    rules: { 'no-restricted-syntax': ['error', ...privateApis] },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...privateApis, ...noWallClock] },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...privateApis, noSqlInHttp, ...noWallClock] },
  },
  {
    files: ['src/domain/**/*.ts', 'contract/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The React Compiler's advisory rules; we do not run the compiler. Hooks rules stay errors.
      'react-hooks/set-state-in-effect': 'warn',
      'react-hooks/purity': 'warn',
      // @mantine/form types values loosely (getInputProps, onChange values).
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // expect.any()/arrayContaining() and inject().json() are typed any by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
