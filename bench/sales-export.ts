// A sales export as ERPs and spreadsheets write one, for trying the `sales` import by hand
// (docs/imports.md, "One file with everything"): one row per order line, the order and the
// customer repeated on each, US dates with two-digit years, line amounts with four decimals.
//   npx tsx bench/sales-export.ts --lines 10000 > sales-export.csv
import { parseArgs } from 'node:util';
import { seededRandom } from '../src/domain/shared/index.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '10000' }, seed: { type: 'string', default: '2019' } } });
const lines = Number(values.lines);
const rand = seededRandom(Number(values.seed));
const PRODUCTS = ['Bracket', 'Hinge', 'Gasket', 'Housing', 'Shaft', 'Panel', 'Valve', 'Sensor', 'Bushing', 'Flange'];
const CITIES = ['Henderson', 'Los Angeles', 'Fort Lauderdale', 'Seattle', 'Houston', 'Chicago', 'Philadelphia', 'Columbus'];
const customers = Array.from({ length: Math.max(10, Math.round(lines / 13)) }, (_, i) => ({
  id: `CU-${String(10000 + i * 7)}`,
  name: `${['Alder', 'Birch', 'Cedar', 'Elm', 'Fir', 'Hazel', 'Maple', 'Oak'][i % 8]} ${['Tools', 'Systems', 'Labs', 'Works'][Math.floor(i / 8) % 4]} ${Math.floor(i / 32) + 1}`,
  city: CITIES[i % CITIES.length]!,
}));
const us = (d: Date) =>
  `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
const out: string[] = ['Row ID,Order ID,Order Date,Ship Date,Customer ID,Customer Name,City,Product ID,Product Name,Quantity,Sales'];
let row = 0;
for (let o = 1; row < lines; o++) {
  const customer = customers[Math.floor(rand() ** 2 * customers.length)]!;
  const placed = new Date(Date.UTC(2019, 0, 1) + Math.floor(rand() * 4 * 365) * 86_400_000);
  const shipped = new Date(placed.getTime() + (1 + Math.floor(rand() * 6)) * 86_400_000);
  const count = Math.min(1 + Math.floor(rand() * 4), lines - row);
  for (let l = 0; l < count; l++) {
    row += 1;
    const p = Math.floor(rand() * 200);
    const quantity = 1 + Math.floor(rand() * 9);
    const sales = (quantity * (3 + p * 1.7345)).toFixed(4);
    out.push(
      [
        row,
        `US-${2019 + Math.floor(o / 2500)}-${String(100000 + o)}`,
        us(placed),
        us(shipped),
        customer.id,
        customer.name,
        customer.city,
        `P-${1000 + p}`,
        `${PRODUCTS[p % PRODUCTS.length]} ${p}`,
        quantity,
        sales,
      ].join(','),
    );
  }
}
process.stdout.write(`${out.join('\r\n')}\r\n`);
