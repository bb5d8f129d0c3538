// A playbook trigger's condition (JSON Logic, docs/domain.md) said as a sentence, so a quality
// manager reads "it is the account's first order and its potential annual spend is at least the
// paid-audition threshold ($250,000)" rather than JSON. Pure; a condition it cannot say in words
// gives null, and the page shows the JSON as written.
import { formatMoney } from '../../lib/format';

/** What the screen knows of the organisation's settings to name a threshold's value. */
export interface ConditionContext {
  currency: string;
  /** Settings' paid-audition threshold, in major units ("250000"). */
  auditionMinSpend?: string;
}

/** The payload facts of the events (yes/no), and how they read when true and when false. */
const FACTS: Record<string, [yes: string, no: string]> = {
  isFirstOrder: ['it is the account’s first order', 'it is not the account’s first order'],
  isAudition: ['it is a paid audition', 'it is not a paid audition'],
};

/** The payload's and the settings' amounts and counts, in words. Money is in minor units. */
const TERMS: Record<string, { words: string; isMoney?: boolean }> = {
  potentialAnnualSpend: { words: 'the account’s potential annual spend', isMoney: true },
  amount: { words: 'the order’s amount', isMoney: true },
  'settings.auditionMinSpend': { words: 'the paid-audition threshold', isMoney: true },
  daysSinceLastOrder: { words: 'the days since the last order' },
  orderCount: { words: 'the account’s number of orders' },
  medianGapDays: { words: 'the usual days between orders' },
  status: { words: 'the order’s status' },
  number: { words: 'the order number' },
  currency: { words: 'the currency' },
};

const COMPARISONS: Record<string, [is: string, isNot: string]> = {
  '==': ['is', 'is not'],
  '===': ['is', 'is not'],
  '!=': ['is not', 'is'],
  '!==': ['is not', 'is'],
  '>': ['is more than', 'is at most'],
  '>=': ['is at least', 'is below'],
  '<': ['is below', 'is at least'],
  '<=': ['is at most', 'is more than'],
};

class Unsayable extends Error {}

function onlyKey(node: unknown): [string, unknown] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new Unsayable();
  const entries = Object.entries(node);
  if (entries.length !== 1) throw new Unsayable();
  return entries[0]!;
}

function varName(node: unknown): string | null {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return null;
  const entries = Object.entries(node);
  if (entries.length !== 1 || entries[0]![0] !== 'var') return null;
  const arg = entries[0]![1];
  const name = Array.isArray(arg) ? arg[0] : arg;
  return typeof name === 'string' ? name : null;
}

/** minor units of the currency → "$250,000.00" (the currency's own number of decimals). */
function minorMoney(n: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code: two decimals, as formatMoney shows it.
  }
  return formatMoney(String(n / 10 ** digits), currency);
}

function term(node: unknown, other: unknown, ctx: ConditionContext): string {
  const name = varName(node);
  if (name !== null) {
    const known = TERMS[name];
    if (!known) throw new Unsayable();
    if (name === 'settings.auditionMinSpend' && ctx.auditionMinSpend !== undefined)
      return `${known.words} (${formatMoney(ctx.auditionMinSpend, ctx.currency)})`;
    return known.words;
  }
  if (typeof node === 'number') {
    const otherName = varName(other);
    return otherName !== null && TERMS[otherName]?.isMoney ? minorMoney(node, ctx.currency) : String(node);
  }
  if (typeof node === 'string') return `“${node}”`;
  throw new Unsayable();
}

function say(node: unknown, ctx: ConditionContext, negated: boolean): string {
  const name = varName(node);
  if (name !== null) {
    const fact = FACTS[name];
    if (!fact) throw new Unsayable();
    return negated ? fact[1] : fact[0];
  }
  const [op, arg] = onlyKey(node);
  const args = Array.isArray(arg) ? arg : [arg];
  if (op === '!') return say(args[0], ctx, !negated);
  if (op === '!!') return say(args[0], ctx, negated);
  if (op === 'and' || op === 'or') {
    if (args.length === 0) throw new Unsayable();
    // "not (a and b)" reads as "a is not …, or b is not …" (De Morgan).
    const joined = (op === 'and') !== negated ? 'and' : 'or';
    const parts = args.map((a) => {
      const inner = say(a, ctx, negated);
      // A nested group of the other kind keeps its grouping: "either … or …".
      const [innerOp] = onlyKeyOrVar(a);
      const innerJoin = innerOp === 'and' || innerOp === 'or' ? ((innerOp === 'and') !== negated ? 'and' : 'or') : null;
      return innerJoin && innerJoin !== joined ? `${innerJoin === 'or' ? 'either' : 'both'} ${inner}` : inner;
    });
    return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} ${joined} ${parts.at(-1)}`;
  }
  const comparison = COMPARISONS[op];
  if (comparison && args.length === 2) {
    return `${term(args[0], args[1], ctx)} ${negated ? comparison[1] : comparison[0]} ${term(args[1], args[0], ctx)}`;
  }
  if (op === 'in' && args.length === 2 && Array.isArray(args[1]) && args[1].length > 0) {
    const list = args[1].map((v) => term(v, args[0], ctx));
    return `${term(args[0], undefined, ctx)} ${negated ? 'is none of' : 'is one of'} ${list.join(', ')}`;
  }
  throw new Unsayable();
}

function onlyKeyOrVar(node: unknown): [string | null] {
  try {
    return [onlyKey(node)[0]];
  } catch {
    return [null];
  }
}

/** The condition as a sentence ("it is the account’s first order and …"), or null when it cannot be said. */
export function conditionSentence(condition: Record<string, unknown>, ctx: ConditionContext): string | null {
  if (Object.keys(condition).length === 0) return null;
  try {
    return say(condition, ctx, false);
  } catch (err) {
    if (err instanceof Unsayable) return null;
    throw err;
  }
}
