// The check stage alone (check.ts): rows of a file through the mapping and a kind's rules, without
// a database — each row's problems (line, column, value, reason), its value, its rounded amounts.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import type { SettingsRow } from '../settings/index.js';
import { systemActor } from '../shared/index.js';
import { checkChunk, isGood, type CheckPlan } from './check.js';
import type { KindDeps } from './kind.js';
import { accountsKind } from './kinds/accounts.js';
import { parseMapping, planColumns } from './mapping.js';
import type { ImportTx } from './transaction.js';

const HEADER = ['id', 'company', 'currency', 'spend'];

/** The accounts kind over HEADER with `options` in the mapping; no row of it reads the database. */
function accountsPlan(options: Record<string, unknown> = {}): CheckPlan<unknown> {
  const mapping = parseMapping('accounts', { externalRef: 'id', name: 'company', potentialAnnualSpend: 'spend', ...options });
  const plans = planColumns('accounts', mapping, HEADER);
  const deps: KindDeps = {
    db: null as unknown as Db,
    importId: 'check-test',
    actor: systemActor('check test'),
    now: new Date('2026-12-07T09:00:00Z'),
    settings: { currency: 'USD' } as SettingsRow,
    kind: 'accounts',
    mapping,
    provided: new Set(plans.map((p) => p.field)),
    isSkippingBadRows: false,
    isInSteps: false,
    overrideGates: null,
  };
  return {
    kind: 'accounts',
    handler: accountsKind(deps, new Map()),
    plans,
    defaults: mapping.defaults,
    headerLength: HEADER.length,
  };
}

// The accounts kind has no lookup: the transaction is never used.
const noTx = {} as ImportTx;

describe('the check stage', () => {
  it.each([
    [['A-1', 'Acme Instruments', 'EUR', '1,200.50'], []],
    [['A-2', '', 'USD', ''], ['line 2, column company, value "": is required']],
    [['A-3', 'Bad Currency', 'XXY', ''], ['line 2, column currency, value "XXY": is not an ISO 4217 currency']],
    [['A-4', 'Too Precise', 'USD', '1.999'], ['line 2, column spend, value "1.999": has more decimals than USD allows (2): "1.999"']],
    [['A-5', 'Short row'], ['line 2, column (row), value "": has 2 fields; the header has 4']],
    [
      ['A-6', 'Nul\u0000Name', 'USD', ''],
      ['line 2, column company, value "Nul␀Name": contains a NUL character (\\0), which cannot be stored: remove it'],
    ],
  ])('%j → %j', async (values, problems) => {
    const [row] = await checkChunk(noTx, accountsPlan(), [{ line: 2, values }]);
    expect(row!.problems.map((p) => `line ${p.line}, column ${p.column}, value ${JSON.stringify(p.value)}: ${p.reason}`)).toEqual(problems);
    expect(isGood(row!)).toBe(problems.length === 0);
  });

  it('converts a good row to the kind’s value, amounts in minor units', async () => {
    const [row] = await checkChunk(noTx, accountsPlan(), [{ line: 7, values: ['A-1', ' Acme Instruments ', 'eur', '1,200.50'] }]);
    expect(row!.value).toMatchObject({ external_ref: 'A-1', name: 'Acme Instruments', currency: 'EUR', potential_annual_spend: 120050 });
    expect(row!.rounded).toEqual([]);
  });

  it('with "round", rounds and records the amount instead of refusing it', async () => {
    const [row] = await checkChunk(noTx, accountsPlan({ round: true }), [{ line: 3, values: ['A-4', 'Too Precise', 'USD', '1.999'] }]);
    expect(row!.problems).toEqual([]);
    expect(row!.value).toMatchObject({ potential_annual_spend: 200 });
    expect(row!.rounded).toEqual([{ currency: 'USD', difference: '0.001' }]);
  });

  it('reads numbers with the mapping’s decimal separator', async () => {
    const [row] = await checkChunk(noTx, accountsPlan({ decimal: ',', delimiter: ';' }), [
      { line: 2, values: ['A-1', 'Nordwind', 'EUR', '1.863,40'] },
    ]);
    expect(row!.value).toMatchObject({ potential_annual_spend: 186340 });
  });
});
