import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { readCsvHead, readFileHead } from './csv-head';

const file = (bytes: string | Uint8Array<ArrayBuffer>) => new File([bytes], 'customers.csv', { type: 'text/csv' });

describe('readCsvHead', () => {
  it('reads the columns and the first rows of a comma-separated file', async () => {
    const head = await readCsvHead(file('externalRef,name\nALFKI,Alfreds\nANATR,Ana Trujillo\n'));
    expect(head).toEqual({
      columns: ['externalRef', 'name'],
      rows: [
        ['ALFKI', 'Alfreds'],
        ['ANATR', 'Ana Trujillo'],
      ],
      sample: [
        ['ALFKI', 'Alfreds'],
        ['ANATR', 'Ana Trujillo'],
      ],
      delimiter: ',',
      encoding: 'utf-8',
    });
  });

  it('shows five rows, and keeps up to 500 for the dates’ format to be suggested from', async () => {
    const lines = Array.from({ length: 700 }, (_, i) => `C-${i},${(i % 28) + 1}/03/2019`);
    const head = await readCsvHead(file(`externalRef,since\n${lines.join('\n')}\n`));
    expect(head.rows).toHaveLength(5);
    expect(head.sample).toHaveLength(500);
    expect(head.sample[499]).toEqual(['C-499', '24/03/2019']);
  });

  it('recognises the semicolons of a European Excel export and drops its byte-order mark', async () => {
    const head = await readCsvHead(file('\uFEFFname;city\nMüller GmbH;Köln\n'));
    expect(head.columns).toEqual(['name', 'city']);
    expect(head.rows).toEqual([['Müller GmbH', 'Köln']]);
    expect(head.delimiter).toBe(';');
  });

  it('reads bytes that are not UTF-8 as Windows-1252 and says so', async () => {
    // "name\nCafé Crème\n" as Windows-1252: é is 0xE9, è is 0xE8.
    const bytes = new Uint8Array([...'name\nCaf'].map((c) => c.charCodeAt(0)).concat([0xe9, 0x20, 0x43, 0x72, 0xe8, 0x6d, 0x65, 0x0a]));
    const head = await readCsvHead(file(bytes));
    expect(head.encoding).toBe('windows-1252');
    expect(head.rows).toEqual([['Café Crème']]);
  });

  it('keeps at most the rows asked for', async () => {
    const head = await readCsvHead(file(`n\n${Array.from({ length: 20 }, (_, i) => `row ${i}`).join('\n')}\n`), undefined, 3);
    expect(head.rows).toEqual([['row 0'], ['row 1'], ['row 2']]);
  });

  it('refuses a file without a header line', async () => {
    await expect(readCsvHead(file(''))).rejects.toThrow('The file has no header line.');
  });

  it('reads the UTF-16 of Excel’s “Unicode text” (its byte-order mark says so) and its tabs', async () => {
    const text = 'number\tcustomer\nSO-1\tMüller GmbH\n';
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    const head = await readCsvHead(file(utf16));
    expect(head).toMatchObject({ columns: ['number', 'customer'], rows: [['SO-1', 'Müller GmbH']], delimiter: '\t', encoding: 'utf-16le' });
  });
});

describe('readFileHead of an Excel workbook', () => {
  const book = async (sheets: Parameters<typeof writeExcelFile>[0]) =>
    new File([new Uint8Array(await writeExcelFile(sheets as never).toBuffer())], 'orders.xlsx');

  it('reads the first sheet as the import will: dates as YYYY-MM-DD, numbers plain, and names the sheets', async () => {
    const file = await book([
      {
        sheet: 'Orders',
        data: [
          ['number', 'placedAt', 'amount', 'paid'],
          ['O-1', { value: new Date(Date.UTC(2019, 2, 1)), format: 'dd/mm/yyyy' }, 16.448, true],
          [],
          ['O-2', { value: new Date(Date.UTC(2019, 2, 2, 14, 5)), format: 'dd/mm/yyyy hh:mm' }, 1e21, null],
        ],
      },
      { sheet: 'Customers', data: [['externalRef'], ['C-1']] },
    ]);
    const head = await readFileHead(file);
    expect(head).toEqual({
      columns: ['number', 'placedAt', 'amount', 'paid'],
      rows: [
        ['O-1', '2019-03-01', '16.448', 'true'],
        ['O-2', '2019-03-02 14:05', '1000000000000000000000', ''],
      ],
      sample: [
        ['O-1', '2019-03-01', '16.448', 'true'],
        ['O-2', '2019-03-02 14:05', '1000000000000000000000', ''],
      ],
      delimiter: ',',
      encoding: 'utf-8',
      workbook: { sheet: 'Orders', sheets: ['Orders', 'Customers'] },
    });
    expect(await readFileHead(file, { sheet: 'Customers' })).toMatchObject({
      columns: ['externalRef'],
      rows: [['C-1']],
      workbook: { sheet: 'Customers' },
    });
  });

  it('keeps up to 500 rows for the dates’ format, and refuses an empty sheet and an old .xls', async () => {
    const rows = Array.from({ length: 700 }, (_, i) => [`C-${i}`]);
    const head = await readFileHead(await book([{ sheet: 'Big', data: [['externalRef'], ...rows] }]));
    expect(head.rows).toHaveLength(5);
    expect(head.sample).toHaveLength(500);
    await expect(readFileHead(await book([{ sheet: 'Blank', data: [] }]))).rejects.toThrow('sheet “Blank” is empty');
    const xls = new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])], 'old.xls');
    await expect(readFileHead(xls)).rejects.toThrow('Excel 97–2003 workbook (.xls)');
  });
});
