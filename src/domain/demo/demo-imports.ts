// The demo's first import, ready to try (docs/imports.md, "Saved mappings", "Rounding"): the
// sample company's ERP writes its order export the way real ones do — its own column names, US
// dates (MM/DD/YYYY), amounts with three decimals — and a mapping for it is saved as "ERP order
// export" (date format and rounding included). The demo writes this week's export beside the data
// and says how to import it; nothing is imported for the user.
import { DateTime } from 'luxon';
import { saveMapping } from '../imports/index.js';
import type { UseCaseContext } from '../shared/index.js';
import { DEMO_TIMEZONE } from './generate-demo.js';
import type { DemoData } from './types.js';

export const DEMO_MAPPING_NAME = 'ERP order export';

export interface DemoImport {
  mappingName: string;
  /** The export's text (CSV): new orders of this week, for customers of the demo. */
  csv: string;
  orders: number;
}

/** Saves the ERP's mapping and makes this week's export: deterministic, from the demo's own customers and day. */
export async function runDemoImports(ctx: UseCaseContext, data: DemoData): Promise<DemoImport> {
  await saveMapping(ctx, {
    kind: 'orders',
    name: DEMO_MAPPING_NAME,
    mapping: {
      fields: { number: 'Order No', accountRef: 'Cust ID', placedAt: 'Order Date', promisedDate: 'Promise Date', amount: 'Ext Amount' },
      dateFormat: 'MM/DD/YYYY',
      round: true,
    },
  });
  const customers = data.accounts.filter((a) => a.kind === 'customer' && a.externalRef).slice(0, 40);
  const today = DateTime.fromISO(data.today, { zone: DEMO_TIMEZONE });
  const us = (d: DateTime) => d.toFormat('MM/dd/yyyy');
  const lines = ['Order No,Cust ID,Order Date,Promise Date,Ext Amount'];
  const count = 12;
  for (let i = 0; i < count; i++) {
    const customer = customers[(i * 7) % customers.length]!;
    const placed = today.minus({ days: (i % 5) + 1 });
    // An ERP's extended amount: quantity × a four-decimal unit price, written with three decimals.
    const amount = ((1200 + ((i * 937) % 8800)) * 1.0005 + i / 1000).toFixed(3);
    lines.push(
      `ERP-${today.toFormat('yyMMdd')}-${String(i + 1).padStart(2, '0')},${customer.externalRef},${us(placed)},${us(placed.plus({ days: 21 }))},${amount}`,
    );
  }
  return { mappingName: DEMO_MAPPING_NAME, csv: `${lines.join('\r\n')}\r\n`, orders: count };
}
