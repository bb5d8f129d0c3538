// Once per run: a migrated template for each engine. Each test file then starts from a copy
// (PostgreSQL: CREATE DATABASE … TEMPLATE; PGlite: a data-dir dump), never a shared database.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { REQUIRE_POSTGRES, TEST_DATABASE_URL, WANTED_ENGINES, withDatabase } from './engines.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject) {
  const dir = path.resolve('.tmp');
  mkdirSync(dir, { recursive: true });
  // Each project that uses this setup (integration, its isolated files, e2e) has templates of its own.
  const tag = project.name.replace(/[^a-z0-9]/gi, '_').toLowerCase();

  const lite = await openDatabase({ dataDir: 'memory://' });
  await lite.migrate();
  const dump = await lite.pglite!.dumpDataDir('none');
  const pgliteTemplate = path.join(dir, `pglite-template-${process.pid}-${tag}.tar`);
  writeFileSync(pgliteTemplate, Buffer.from(await dump.arrayBuffer()));
  await lite.close();
  project.provide('pgliteTemplate', pgliteTemplate);

  const templateName = `rapport_tpl_${process.pid}_${tag}`;
  let postgresTemplate: string | null = null;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  let connected = false;
  if (!WANTED_ENGINES.includes('postgres')) {
    process.stderr.write(`\n*** RAPPORT_TEST_ENGINES=${WANTED_ENGINES.join(',')}: this run covers PGlite only. ***\n\n`);
  } else
    try {
      await admin.connect();
      connected = true;
    } catch (err) {
      if (REQUIRE_POSTGRES)
        throw new Error(`PostgreSQL is required (RAPPORT_REQUIRE_POSTGRES=1) but ${TEST_DATABASE_URL} is unreachable: ${String(err)}`, {
          cause: err,
        });
      process.stderr.write(
        `\n*** PostgreSQL at ${TEST_DATABASE_URL} is unreachable: the PostgreSQL half of the integration suite is SKIPPED. ***\n\n`,
      );
    }
  if (connected) {
    await admin.query(`drop database if exists ${templateName}`);
    await admin.query(`create database ${templateName}`);
    const tpl = await openDatabase({ databaseUrl: withDatabase(TEST_DATABASE_URL, templateName), poolSize: 1 });
    await tpl.migrate();
    await tpl.close();
    postgresTemplate = templateName;
  }
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    // ~40 MB a run: left behind, a loop of runs (.ci/each-test-alone.js) filled gigabytes.
    rmSync(pgliteTemplate, { force: true });
    if (postgresTemplate) {
      // Leftover per-file databases of this run, then the template.
      const rows = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [
        `rapport_t_${process.pid}_${tag}_%`,
      ]);
      for (const r of rows.rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.query(`drop database if exists ${templateName} with (force)`);
    }
    if (connected) await admin.end().catch(() => undefined);
  };
}
