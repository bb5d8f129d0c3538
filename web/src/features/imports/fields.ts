// What each kind of CSV import is for and which Rapport fields it reads (DESIGN §5, "Import
// fields"; src/domain/imports/fields.ts is the server's copy), plus the guess of which column of
// the file holds which field.
import type { IMPORT_KIND_VALUES } from '../../../../contract/imports';

export type ImportKind = (typeof IMPORT_KIND_VALUES)[number];

export interface KindInfo {
  kind: ImportKind;
  label: string;
  /** One line on what the kind is for. */
  purpose: string;
}

export const KINDS: KindInfo[] = [
  { kind: 'accounts', label: 'Accounts', purpose: 'Your customers and prospects, each with the reference your ERP gives it.' },
  { kind: 'suppliers', label: 'Suppliers', purpose: 'The companies you buy from, kept as supplier accounts.' },
  { kind: 'users', label: 'Users', purpose: 'Staff (reps, CSRs) that orders and quotes name; without an email they cannot sign in yet.' },
  { kind: 'contacts', label: 'Contacts', purpose: 'People at your accounts, linked to their account by its reference.' },
  { kind: 'orders', label: 'Orders', purpose: 'Order history with placed, promised and shipped dates; import accounts (and users) first.' },
  { kind: 'order-lines', label: 'Order lines', purpose: 'The items of orders already imported, linked by order number.' },
  { kind: 'quotes', label: 'Quotes', purpose: 'Quotes sent, with their outcome; import accounts first.' },
];

export interface FieldInfo {
  name: string;
  isRequired: boolean;
  /** Fields holding dates: the date format option applies to them. */
  isDate?: boolean;
}

const f = (spec: string): FieldInfo[] =>
  spec.split(/\s+/).map((s) => {
    const name = s.replace(/\*$/, '');
    return { name, isRequired: s.endsWith('*'), isDate: /At$|Date$|^validUntil$/.test(name) };
  });

const ACCOUNT_FIELDS = f('externalRef* name* kind tier potentialAnnualSpend acquisitionCost currency timezone phone city country');

export const FIELDS: Record<ImportKind, FieldInfo[]> = {
  accounts: ACCOUNT_FIELDS,
  suppliers: ACCOUNT_FIELDS,
  users: f('externalRef* name* email roles'),
  contacts: f('accountRef* name* externalRef email phone title roleAtCustomer isPrimary'),
  orders: f(
    'number* accountRef* placedAt* amount* externalRef promisedDate expectedShipDate shippedAt deliveredAt currency status repRef csrRef carrier trackingNumber',
  ),
  'order-lines': f('orderRef* sku description quantity* unitPrice* lineAmount'),
  quotes: f('number* accountRef* sentAt* amount* externalRef validUntil status decidedAt repRef lostReason'),
};

/** Short help under a field's label: what goes there. */
export const FIELD_HELP: Record<string, string> = {
  externalRef: 'The record’s id in your ERP; re-imports update by it.',
  accountRef: 'The account’s external reference.',
  orderRef: 'The order’s number.',
  repRef: 'The sales rep’s external reference (import users first).',
  csrRef: 'The CSR’s external reference (import users first).',
  roles: 'Roles separated by “;”.',
  kind: 'customer, prospect or supplier.',
};

/** Column names (normalised) that usually hold a field, per kind and then for every kind. */
const SYNONYMS: Partial<Record<ImportKind | '*', Record<string, string[]>>> = {
  '*': {
    name: ['companyname', 'company', 'customername', 'accountname', 'fullname', 'contactname'],
    phone: ['telephone', 'tel', 'phonenumber'],
    country: ['countryname'],
    city: ['town'],
    email: ['emailaddress', 'mail'],
    currency: ['currencycode', 'curr'],
    amount: ['ordertotal', 'total', 'totalamount', 'grandtotal', 'quotetotal', 'value'],
    placedAt: ['orderdate', 'placed', 'dateplaced', 'date'],
    promisedDate: ['requireddate', 'duedate', 'promised', 'promisedate'],
    expectedShipDate: ['expectedship', 'estimatedshipdate'],
    shippedAt: ['shippeddate', 'shipped', 'shipdate'],
    deliveredAt: ['delivereddate', 'deliverydate', 'delivered'],
    repRef: ['employeeid', 'salesrep', 'repid', 'salespersonid', 'rep'],
    csrRef: ['csrid', 'csr'],
    accountRef: ['customerid', 'accountid', 'customer', 'customercode', 'customerref'],
    carrier: ['shippername', 'shipper', 'shipvia'],
    trackingNumber: ['tracking', 'trackingno', 'trackingid'],
    sentAt: ['quotedate', 'sentdate', 'sent', 'date'],
    validUntil: ['expirydate', 'expires', 'validto'],
    decidedAt: ['decisiondate', 'decided', 'closeddate'],
    orderRef: ['orderid', 'ordernumber', 'orderno'],
    sku: ['productid', 'productcode', 'itemcode', 'partnumber', 'item'],
    description: ['productname', 'itemname', 'itemdescription'],
    quantity: ['qty'],
    unitPrice: ['price', 'unitcost'],
    lineAmount: ['linetotal', 'extendedprice', 'lineamount'],
    title: ['contacttitle', 'jobtitle', 'position'],
  },
  accounts: { externalRef: ['customerid', 'accountid', 'customercode', 'id'] },
  suppliers: { externalRef: ['supplierid', 'vendorid', 'suppliercode', 'id'] },
  users: { externalRef: ['employeeid', 'userid', 'staffid', 'id'] },
  contacts: { externalRef: ['contactid', 'id'] },
  orders: { number: ['orderid', 'ordernumber', 'orderno'], externalRef: ['orderid'] },
  quotes: { number: ['quoteid', 'quotenumber', 'quoteno'], externalRef: ['quoteid'] },
};

export const normalise = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The field → column guess: same name ignoring case and separators first, then synonyms. A column is used once, except `number`/`externalRef` sharing an id. */
export function guessMapping(kind: ImportKind, columns: string[]): Record<string, string> {
  const byNorm = new Map(columns.map((c) => [normalise(c), c]));
  const result: Record<string, string> = {};
  const used = new Set<string>();
  for (const field of FIELDS[kind]) {
    const exact = byNorm.get(normalise(field.name));
    if (exact) {
      result[field.name] = exact;
      used.add(exact);
    }
  }
  for (const field of FIELDS[kind]) {
    if (result[field.name]) continue;
    const candidates = [...(SYNONYMS[kind]?.[field.name] ?? []), ...(SYNONYMS['*']?.[field.name] ?? [])];
    for (const c of candidates) {
      const col = byNorm.get(c);
      // An order's id is both its number and its external reference; anything else once.
      if (col && (!used.has(col) || field.name === 'externalRef')) {
        result[field.name] = col;
        used.add(col);
        break;
      }
    }
  }
  return result;
}

/** A field's column(s): one name, or several joined with a space (first_name + last_name). */
export type ColumnRef = string | string[];

/** What the user chose, in the shape of the CLI's mapping file (docs/imports.md, full form). */
export interface MappingDoc {
  fields: Record<string, ColumnRef>;
  defaults?: Record<string, string>;
  dateFormat?: string;
  decimal?: '.' | ',';
  delimiter?: ',' | ';';
}

/** Reads a mapping file (flat or full form); unknown keys are dropped and reported. */
export function readMappingDoc(kind: ImportKind, text: string): { doc: MappingDoc; ignored: string[] } {
  const raw: unknown = JSON.parse(text);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('A mapping file is a JSON object {"<rapport field>": "<column>"}.');
  const obj = raw as Record<string, unknown>;
  const known = new Set(FIELDS[kind].map((x) => x.name));
  const options = new Set(['fields', 'defaults', 'dateFormat', 'decimal', 'delimiter']);
  const rawFields =
    'fields' in obj
      ? ((obj['fields'] ?? {}) as Record<string, unknown>)
      : Object.fromEntries(Object.entries(obj).filter(([k]) => !options.has(k)));
  const ignored: string[] = [];
  const doc: MappingDoc = { fields: {} };
  for (const [k, v] of Object.entries(rawFields)) {
    if (!known.has(k)) ignored.push(k);
    else if (typeof v === 'string') doc.fields[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) doc.fields[k] = v;
    else ignored.push(k);
  }
  if (obj['defaults'] && typeof obj['defaults'] === 'object') {
    doc.defaults = {};
    for (const [k, v] of Object.entries(obj['defaults'] as Record<string, unknown>)) {
      if (known.has(k) && typeof v === 'string') doc.defaults[k] = v;
      else ignored.push(`defaults.${k}`);
    }
  }
  if (typeof obj['dateFormat'] === 'string') doc.dateFormat = obj['dateFormat'];
  if (obj['decimal'] === ',' || obj['decimal'] === '.') doc.decimal = obj['decimal'];
  if (obj['delimiter'] === ',' || obj['delimiter'] === ';') doc.delimiter = obj['delimiter'];
  return { doc, ignored };
}

export const DATE_FORMATS = [
  { value: '', label: 'ISO (2026-03-31)' },
  { value: 'dd/MM/yyyy', label: 'dd/MM/yyyy (31/03/2026)' },
  { value: 'MM/dd/yyyy', label: 'MM/dd/yyyy (03/31/2026)' },
  { value: 'd/M/yyyy', label: 'd/M/yyyy (31/3/2026)' },
  { value: 'M/d/yyyy', label: 'M/d/yyyy (3/31/2026)' },
  { value: 'dd.MM.yyyy', label: 'dd.MM.yyyy (31.03.2026)' },
  { value: 'yyyy/MM/dd', label: 'yyyy/MM/dd (2026/03/31)' },
];
