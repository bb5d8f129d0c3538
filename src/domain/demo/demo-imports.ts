// The demo's first import, ready to try (docs/imports.md, "One file with everything", "Saved
// mappings", "Rounding"): the sample company's ERP writes its sales export the way real ones do —
// one row per order line with the customer on each, its own column names, US dates (MM/DD/YYYY),
// line amounts with three decimals — and a mapping for it is saved as "ERP sales export" (date
// format and rounding included). Two of its customers are new to Rapport. The demo writes this
// week's export beside the data and says how to import it; nothing is imported for the user.
import { DateTime } from 'luxon';
import { saveMapping } from '../imports/index.js';
import type { UseCaseContext } from '../shared/index.js';
import { DEMO_TIMEZONE } from './generate-demo.js';
import type { DemoData } from './types.js';

export const DEMO_MAPPING_NAME = 'ERP sales export';

export interface DemoImport {
  mappingName: string;
  /** The export's text (CSV): this week's order lines, for customers of the demo and two new ones. */
  csv: string;
  orders: number;
  lines: number;
  newCustomers: number;
}

const ITEMS = [
  ['BRK-220', 'Mounting bracket, anodised', 4.2125],
  ['HSG-110', 'Sensor housing, machined', 38.5075],
  ['GSK-015', 'Silicone gasket', 0.8345],
  ['SHF-330', 'Drive shaft, ground', 61.249],
  ['PNL-400', 'Front panel, powder-coated', 22.1175],
] as const;

/** Saves the ERP's mapping and makes this week's export: deterministic, from the demo's own customers and day. */
export async function runDemoImports(ctx: UseCaseContext, data: DemoData): Promise<DemoImport> {
  await saveMapping(ctx, {
    kind: 'sales',
    name: DEMO_MAPPING_NAME,
    mapping: {
      fields: {
        number: 'Order No',
        placedAt: 'Order Date',
        promisedDate: 'Promise Date',
        accountRef: 'Cust ID',
        accountName: 'Customer',
        sku: 'Item',
        description: 'Description',
        quantity: 'Qty',
        lineAmount: 'Ext Amount',
      },
      dateFormat: 'MM/DD/YYYY',
      round: true,
    },
  });
  const known = data.accounts.filter((a) => a.kind === 'customer' && a.externalRef).slice(0, 40);
  const today = DateTime.fromISO(data.today, { zone: DEMO_TIMEZONE });
  const us = (d: DateTime) => d.toFormat('MM/dd/yyyy');
  const stamp = today.toFormat('yyMMdd');
  const newcomers = [
    { externalRef: `NEW-${stamp}-1`, name: 'Halvorsen Marine Systems' },
    { externalRef: `NEW-${stamp}-2`, name: 'Quintero Lab Instruments' },
  ];
  const rows = ['Order No,Order Date,Promise Date,Cust ID,Customer,Item,Description,Qty,Ext Amount'];
  const count = 12;
  for (let i = 0; i < count; i++) {
    const customer = i === 3 ? newcomers[0]! : i === 8 ? newcomers[1]! : known[(i * 7) % known.length]!;
    const placed = today.minus({ days: (i % 5) + 1 });
    const number = `ERP-${stamp}-${String(i + 1).padStart(2, '0')}`;
    const quoted = (text: string) => (/[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    // One to three lines an order; an extended amount is quantity × a four-decimal unit price, written with three decimals.
    for (let l = 0; l < 1 + (i % 3); l++) {
      const [sku, description, price] = ITEMS[(i + l * 2) % ITEMS.length]!;
      const qty = 5 + ((i * 13 + l * 7) % 40);
      rows.push(
        [
          number,
          us(placed),
          us(placed.plus({ days: 21 })),
          customer.externalRef,
          quoted(customer.name),
          sku,
          quoted(description),
          qty,
          (qty * price).toFixed(3),
        ].join(','),
      );
    }
  }
  return {
    mappingName: DEMO_MAPPING_NAME,
    csv: `${rows.join('\r\n')}\r\n`,
    orders: count,
    lines: rows.length - 1,
    newCustomers: newcomers.length,
  };
}
