// Which database engines the integration suite runs on. PGlite always; PostgreSQL when reachable
// at TEST_DATABASE_URL (default: the local server). RAPPORT_REQUIRE_POSTGRES=1 (CI) turns
// "unreachable" into a failure instead of a skip.
export type Engine = 'pglite' | 'postgres';

export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REQUIRE_POSTGRES = process.env['RAPPORT_REQUIRE_POSTGRES'] === '1';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** RAPPORT_TEST_ENGINES=pglite limits a run to PGlite (the Node 24 compatibility run does this). */
export const WANTED_ENGINES = (process.env['RAPPORT_TEST_ENGINES'] ?? 'pglite,postgres').split(',').map((s) => s.trim());
