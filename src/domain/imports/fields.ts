// The fields each kind of CSV import understands (DESIGN §5, "Import fields"). Pure data.

export const IMPORT_KINDS = ['accounts', 'suppliers', 'users', 'contacts', 'orders', 'order-lines', 'quotes'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export function isImportKind(text: string): text is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(text);
}

export interface ImportField {
  name: string;
  isRequired: boolean;
}

const f = (spec: string): ImportField[] => spec.split(/\s+/).map((s) => ({ name: s.replace(/\*$/, ''), isRequired: s.endsWith('*') }));

const ACCOUNT_FIELDS = f('externalRef* name* kind tier potentialAnnualSpend acquisitionCost currency timezone phone city country');

/** The mapping's keys per kind; `*` marks the required ones. `…Ref` fields name another record by its external reference. */
export const IMPORT_FIELDS: Record<ImportKind, readonly ImportField[]> = {
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
