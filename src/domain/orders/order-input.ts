// Turning API input (decimal strings, dates) into stored values, collecting every field error.
import { OrderLineEntity, type OrderLineInput } from '../../../contract/orders.js';
import { columnValues, customFields, isCalendarDate, parseMoney, parseTimestamp, type FieldErrors } from '../shared/index.js';
import { lineAmountMinor, quantityThousandths } from './order.rules.js';

// Converted here, not copied: money in minor units, the quantity checked for its decimals.
customFields(OrderLineEntity, 'create', ['quantity', 'unitPrice', 'lineAmount']);

export interface ParsedLine {
  sku: string | null;
  description: string | null;
  quantity: number;
  unitPrice: number;
  lineAmount: number;
}

export function parseMoneyField(text: string, currency: string, path: string, errors: FieldErrors): number | undefined {
  const m = parseMoney(text, currency);
  if (m.ok) return m.minor;
  errors.add(path, m.message);
  return undefined;
}

/** One line; lineAmount defaults to quantity × unitPrice rounded half-up in minor units. */
export function parseLine(line: OrderLineInput, currency: string, path: string, errors: FieldErrors): ParsedLine | undefined {
  const thousandths = quantityThousandths(line.quantity);
  if (thousandths === null) errors.add(`${path}.quantity`, 'has more than 3 decimals');
  const unitPrice = parseMoneyField(line.unitPrice, currency, `${path}.unitPrice`, errors);
  const given = line.lineAmount == null ? null : parseMoneyField(line.lineAmount, currency, `${path}.lineAmount`, errors);
  if (thousandths === null || unitPrice === undefined || given === undefined) return undefined;
  const lineAmount = given ?? lineAmountMinor(thousandths, unitPrice);
  if (!Number.isSafeInteger(lineAmount)) {
    errors.add(`${path}.lineAmount`, 'is too large');
    return undefined;
  }
  return { ...columnValues(OrderLineEntity, line), quantity: line.quantity, unitPrice, lineAmount };
}

export function parseTimestampField(text: string | undefined, zone: string, path: string, errors: FieldErrors): Date | undefined {
  if (text === undefined) return undefined;
  const d = parseTimestamp(text, zone);
  if (!d) errors.add(path, `is not a valid date or date-time: "${text}"`);
  return d ?? undefined;
}

export function checkDateField(text: string | null | undefined, path: string, errors: FieldErrors): void {
  if (text && !isCalendarDate(text)) errors.add(path, `is not a calendar date: "${text}"`);
}
