// What an upload or a request carries, checked before it can do harm (issue 9): idempotency keys
// that hash the file and free themselves after a crash, spool files that never stay behind, NUL
// characters and oversized cells refused with the field, and files that are not UTF-8 refused
// unless they say what they are.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { releaseAbandonedKeys } from '../../src/domain/idempotency/index.js';
import { importCsv, spoolFolder, sweepSpool } from '../../src/domain/imports/index.js';
import { systemActor } from '../../src/domain/shared/index.js';
import { contextFor, countRows, engines, json, signIn, useTestApp, type Session, type TestContext } from '../support/app.js';
import { multipart } from '../support/multipart.js';

const uid = () => Math.random().toString(16).slice(2, 10);

function upload(
  ctx: TestContext,
  as: Session,
  fields: Record<string, string>,
  file?: { name: string; content: string | Buffer },
  headers: Record<string, string> = {},
) {
  const body = multipart(fields, file);
  return ctx.app.inject({
    method: 'POST',
    url: '/api/v1/imports',
    headers: { ...as.headers, ...body.headers, ...headers },
    payload: body.payload,
  });
}

/** This worker's spool files (the app runs in this process; other test files run in other processes). */
const mySpoolFiles = () => {
  try {
    return readdirSync(spoolFolder()).filter((f) => f.startsWith(`${process.pid}-`));
  } catch {
    return [];
  }
};

describe.each(engines)('uploads and requests on %s', (engine) => {
  const ctx = useTestApp(engine);

  describe('Idempotency-Key on an upload', () => {
    // Regression (issue 9, defect 7): the hash ignored the file, so another file under the same key replayed the first import.
    it('replays the same file and refuses another file under the same key, importing nothing of it', async () => {
      const admin = await signIn(ctx, ['admin']);
      const key = `imp-${uid()}`;
      const first = { name: 'a.csv', content: `externalRef,name\nK-${key},First file\n` };
      const res1 = await upload(ctx, admin, { kind: 'accounts' }, first, { 'idempotency-key': key });
      expect(res1.statusCode, res1.body).toBe(201);
      const again = await upload(ctx, admin, { kind: 'accounts' }, first, { 'idempotency-key': key });
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(json(again)['id']).toBe(json(res1)['id']);
      const other = await upload(
        ctx,
        admin,
        { kind: 'accounts' },
        { name: 'a.csv', content: `externalRef,name\nK2-${key},Second file\n` },
        { 'idempotency-key': key },
      );
      expect(other.statusCode, other.body).toBe(422);
      expect(json(other)).toMatchObject({ code: 'idempotency.key_reused' });
      const names = await ctx.database.query<{ name: string }>('select name from accounts where external_ref like $1 order by name', [
        `%${key}`,
      ]);
      expect(names.map((n) => n.name)).toEqual(['First file']);
      expect(mySpoolFiles()).toEqual([]);
    });

    it('another field under the same key is another request too', async () => {
      const admin = await signIn(ctx, ['admin']);
      const key = `imp-${uid()}`;
      const file = { name: 'a.csv', content: `externalRef,name\nD-${key},Dry\n` };
      expect((await upload(ctx, admin, { kind: 'accounts', dryRun: 'true' }, file, { 'idempotency-key': key })).statusCode).toBe(201);
      const real = await upload(ctx, admin, { kind: 'accounts', dryRun: 'false' }, file, { 'idempotency-key': key });
      expect(json(real)).toMatchObject({ code: 'idempotency.key_reused' });
    });
  });

  describe('a key whose request died', () => {
    // Regression (issue 9, defect 8): a key stayed "in progress" for 48 h after a crash mid-request.
    it('is in progress for its lease, then the next retry takes it over and is answered', async () => {
      const admin = await signIn(ctx, ['admin']);
      const key = `crash-${uid()}`;
      const payload = { name: `After a crash ${key}` };
      const send = () =>
        ctx.app.inject({ method: 'POST', url: '/api/v1/accounts', headers: { ...admin.headers, 'idempotency-key': key }, payload });
      // The first request claimed its key and died before it answered: what a crash leaves.
      expect((await send()).statusCode).toBe(201);
      await ctx.database.query(
        'update idempotency_keys set status_code = null, response_body = null, created_at = $3 where principal = $1 and key = $2',
        [admin.userId, key, ctx.clock.now()],
      );
      await ctx.database.query('delete from accounts where name = $1', [payload.name]);
      const busy = await send();
      expect(busy.statusCode).toBe(409);
      expect(json(busy)).toMatchObject({ code: 'idempotency.in_progress', meta: { retryAfter: 120 } });
      ctx.clock.advance(121_000);
      const retried = await send();
      expect(retried.statusCode, retried.body).toBe(201);
      const replay = await send();
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(await ctx.database.query('select id from accounts where name = $1', [payload.name])).toHaveLength(1);
    });

    it('is freed when the only process starts again (PGlite)', async () => {
      await ctx.database.query(
        `insert into idempotency_keys (principal, key, method, path, request_hash) values ('someone', $1, 'POST', '/api/v1/accounts', 'h')`,
        [`dead-${uid()}`],
      );
      await ctx.database.query(
        `insert into idempotency_keys (principal, key, method, path, request_hash, status_code, response_body) values ('someone', $1, 'POST', '/api/v1/accounts', 'h', 201, '{}')`,
        [`done-${uid()}`],
      );
      expect(await releaseAbandonedKeys(ctx.database.db)).toBeGreaterThanOrEqual(1);
      expect(await ctx.database.query("select key from idempotency_keys where status_code is null and principal = 'someone'")).toEqual([]);
      expect(await ctx.database.query("select key from idempotency_keys where status_code = 201 and principal = 'someone'")).toHaveLength(
        1,
      );
    });
  });

  describe('spooled uploads', () => {
    // Regression (issue 9, defect 10): rejected uploads left their spool files in /tmp.
    it('leave no file behind, whatever refuses them', async () => {
      const admin = await signIn(ctx, ['admin']);
      const ops = await signIn(ctx, ['operations']);
      const csv = { name: 'x.csv', content: 'externalRef,name\nS-1,Spool\n' };
      const cases: [string, () => Promise<{ statusCode: number }>, number][] = [
        ['a bad kind', () => upload(ctx, admin, { kind: 'widgets' }, csv), 400],
        ['a bad mapping', () => upload(ctx, admin, { kind: 'accounts', mapping: '{"nope": "x"}' }, csv), 400],
        [
          'a kind the user may not import',
          () => upload(ctx, ops, { kind: 'users' }, { name: 'u.csv', content: 'externalRef,name\nU-1,U\n' }),
          403,
        ],
        [
          'bad rows',
          () =>
            upload(
              ctx,
              admin,
              { kind: 'orders' },
              { name: 'o.csv', content: 'number,accountRef,placedAt,amount\nO-1,NOPE,2026-01-01,1.00\n' },
            ),
          422,
        ],
        [
          'an accepted import',
          () => upload(ctx, admin, { kind: 'accounts' }, { name: 'ok.csv', content: `externalRef,name\nS-${uid()},Spool\n` }),
          201,
        ],
      ];
      for (const [what, send, status] of cases) {
        expect((await send()).statusCode, what).toBe(status);
        expect(mySpoolFiles(), what).toEqual([]);
      }
      // Two file parts in one request.
      const boundary = `----two${uid()}`;
      const part = (name: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\nexternalRef,name\nT-1,Two\r\n`;
      const two = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        headers: { ...admin.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\naccounts\r\n${part('a.csv')}${part('b.csv')}--${boundary}--\r\n`,
      });
      expect(two.statusCode).toBeGreaterThanOrEqual(400);
      expect(two.statusCode).toBeLessThan(500);
      expect(mySpoolFiles()).toEqual([]);
    });

    it('a start sweeps what dead processes left, never a live one’s', async () => {
      const folder = path.join(os.tmpdir(), `rapport-spool-test-${uid()}`);
      mkdirSync(folder, { recursive: true });
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      // 2^22 + 1 is above Linux's default pid_max: no process has it.
      for (const name of ['4194305-aa.csv', `${process.pid}-bb.csv`, 'notes.txt']) writeFileSync(path.join(folder, name), 'x');
      expect(await sweepSpool(folder)).toBe(1);
      expect(readdirSync(folder).sort()).toEqual([`${process.pid}-bb.csv`, 'notes.txt']);
    });
  });

  describe('NUL characters and oversized cells', () => {
    // Regression (issue 9, defect 11): NUL in a text field or a CSV cell answered 500.
    it('a NUL in a JSON field is a 400 naming the field, and nothing is written', async () => {
      const admin = await signIn(ctx, ['admin']);
      const before = await countRows(ctx.database, 'accounts');
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: admin.headers,
        payload: { name: 'Acme\u0000Corp' },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res)).toMatchObject({ code: 'validation.invalid', errors: [{ path: 'name', message: expect.stringContaining('NUL') }] });
      const query = await ctx.app.inject({ method: 'GET', url: '/api/v1/accounts?q=a%00b', headers: { cookie: admin.cookie } });
      expect(query.statusCode).toBe(400);
      expect(json(query)).toMatchObject({ errors: [{ path: 'q' }] });
      expect(await countRows(ctx.database, 'accounts')).toBe(before);
    });

    it('a NUL or a 1 MB cell in a file is a bad row naming line and column; the import keeps its record', async () => {
      const admin = await signIn(ctx, ['admin']);
      const big = 'x'.repeat(1024 * 1024);
      const res = await upload(
        ctx,
        admin,
        { kind: 'accounts' },
        { name: 'bad.csv', content: `externalRef,name,city\nN-1,Acme\u0000,Paris\nN-2,${big},Lyon\nN-3,Fine,${'y'.repeat(121)}\n` },
      );
      expect(res.statusCode, res.body.slice(0, 500)).toBe(422);
      const errors = json<{ errors: { line: number; column: string; value: string; reason: string }[] }>(res).errors;
      expect(errors.map((e) => [e.line, e.column])).toEqual([
        [2, 'name'],
        [3, 'name'],
        [4, 'city'],
      ]);
      expect(errors[0]!.reason).toContain('NUL');
      expect(errors[0]!.value).toBe('Acme\u2400');
      expect(errors[1]!.reason).toBe('is 1048576 characters long; at most 200 fit');
      expect(errors[1]!.value.length).toBeLessThan(300);
      expect(errors[2]!.reason).toBe('is 121 characters long; at most 120 fit');
      expect(await ctx.database.query("select id from accounts where external_ref in ('N-1', 'N-2', 'N-3')")).toEqual([]);
    });
  });

  describe('negative amounts', () => {
    // Issue 9 (14): negative order amounts were accepted and counted as revenue.
    it('an order, quote or account amount below zero is refused by the API and by a file; a discount line may be negative', async () => {
      const admin = await signIn(ctx, ['admin']);
      const acc = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: admin.headers,
        payload: { name: `Neg ${uid()}`, potentialAnnualSpend: '-1.00' },
      });
      expect(acc.statusCode).toBe(400);
      expect(json(acc)).toMatchObject({ errors: [{ path: 'potentialAnnualSpend', message: expect.stringContaining('negative') }] });
      const account = json<{ id: string }>(
        await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/accounts',
          headers: admin.headers,
          payload: { name: `Neg ${uid()}`, externalRef: `NEG-${uid()}` },
        }),
      );
      const order = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: admin.headers,
        payload: { accountId: account.id, number: `N-${uid()}`, amount: '-5.00' },
      });
      expect(order.statusCode).toBe(400);
      expect(json(order)).toMatchObject({ errors: [{ path: 'amount' }] });
      const quote = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/quotes',
        headers: admin.headers,
        payload: { accountId: account.id, number: `NQ-${uid()}`, amount: '-5.00' },
      });
      expect(quote.statusCode).toBe(400);
      const [{ external_ref: ref }] = (await ctx.database.query<{ external_ref: string }>(
        'select external_ref from accounts where id = $1',
        [account.id],
      )) as [{ external_ref: string }];
      const file = await upload(
        ctx,
        admin,
        { kind: 'orders' },
        { name: 'o.csv', content: `number,accountRef,placedAt,amount\nNO-${uid()},${ref},2026-03-01,-12.00\n` },
      );
      expect(json(file)).toMatchObject({
        code: 'imports.bad_row',
        errors: [{ column: 'amount', reason: 'must not be negative (credit notes are not supported)' }],
      });
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: admin.headers,
        payload: {
          accountId: account.id,
          number: `NL-${uid()}`,
          lines: [
            { sku: 'A', quantity: 1, unitPrice: '10.00' },
            { sku: 'DISCOUNT', quantity: 1, unitPrice: '-2.00' },
          ],
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(json(created)).toMatchObject({ amount: '8.00' });
    });
  });

  describe('encodings', () => {
    const latin1 = Buffer.concat([
      Buffer.from('externalRef,name,city\nE-1,Acme,Paris\nE-2,'),
      Buffer.from([0x43, 0x61, 0x66, 0xe9]),
      Buffer.from(',Lyon\n'),
    ]);

    // Regression (issue 9, defect 13): Latin-1 bytes were stored as U+FFFD and the import said it succeeded.
    it('a file that is not UTF-8 is refused with its line, and nothing is written', async () => {
      const admin = await signIn(ctx, ['admin']);
      const res = await upload(ctx, admin, { kind: 'accounts' }, { name: 'latin1.csv', content: latin1 });
      expect(res.statusCode, res.body).toBe(422);
      expect(json(res)).toMatchObject({
        code: 'imports.bad_encoding',
        meta: { line: 3 },
        detail: expect.stringContaining('Line 3 is not UTF-8'),
      });
      expect(await ctx.database.query("select id from accounts where external_ref in ('E-1', 'E-2')")).toEqual([]);
    });

    it('a file that says it is Windows-1252 (or Latin-1) is read as such', async () => {
      const admin = await signIn(ctx, ['admin']);
      const res = await upload(ctx, admin, { kind: 'accounts', encoding: 'latin1' }, { name: 'latin1.csv', content: latin1 });
      expect(res.statusCode, res.body).toBe(201);
      const [row] = await ctx.database.query<{ name: string }>("select name from accounts where external_ref = 'E-2'");
      expect(row!.name).toBe('Café');
      const bad = await upload(ctx, admin, { kind: 'accounts', encoding: 'ebcdic' }, { name: 'x.csv', content: latin1 });
      expect(json(bad)).toMatchObject({ code: 'imports.invalid', errors: [{ path: 'encoding' }] });
    });

    it('a UTF-8 character cut by a read boundary is still UTF-8', async () => {
      // Files are read 64 KiB at a time: the two bytes of this é straddle the first boundary.
      const head = 'externalRef,name\nB-1,';
      const file = Buffer.from(`${head}${'p'.repeat(65535 - head.length)}é\nB-2,Zoë\n`, 'utf8');
      expect(file.subarray(65535, 65537)).toEqual(Buffer.from('é', 'utf8'));
      const admin = await signIn(ctx, ['admin']);
      const res = await upload(
        ctx,
        admin,
        { kind: 'accounts', mapping: JSON.stringify({ externalRef: 'externalRef', name: 'name' }) },
        { name: 'utf8.csv', content: file },
      );
      // The first name is longer than 200 characters: a bad row — but a readable one, not an encoding error.
      expect(json(res)).toMatchObject({ code: 'imports.bad_row', errors: [{ line: 2, column: 'name' }] });
    });
  });

  describe('the rejects file', () => {
    it('neutralises cells a spreadsheet would run as formulas', async () => {
      const dir = path.join(os.tmpdir(), `rapport-rejects-${uid()}`);
      mkdirSync(dir, { recursive: true });
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const file = path.join(dir, 'contacts.csv');
      writeFileSync(file, 'accountRef,name,phone\nNOPE,"=HYPERLINK(""http://evil.example"")",-12\n');
      const rejectsPath = path.join(dir, 'contacts.rejects.csv');
      const r = await importCsv(contextFor(ctx, systemActor('test')), { kind: 'contacts', file, shouldSkipBadRows: true, rejectsPath });
      expect(r.rejected).toBe(1);
      const lines = readFileSync(rejectsPath, 'utf8').trim().split('\r\n');
      expect(lines[1]).toMatch(/^NOPE,"'=HYPERLINK\(""http:\/\/evil.example""\)",-12,/);
    });
  });
});
