// Builds the demo company as plain rows from (seed, today, settings). Pure: no database, no clock;
// all randomness comes from the seeded faker passed in, so the same inputs give the same rows.
import { generateNotes } from './generate-notes.js';
import type { Faker } from '@faker-js/faker';
import type { Role } from '../../../contract/common.js';
import { DemoCalendar, usHolidays } from './calendar.js';
import {
  COMPANY_SUFFIXES,
  CONTACT_ROLES,
  CUSTOMER_INDUSTRIES,
  DEMO_ORG,
  HOT_BUTTONS,
  LOCATIONS,
  PRODUCT_FAMILIES,
  STAFF_PLAN,
  SUPPLIER_TRADES,
} from './catalog.js';
import { generateHistory } from './generate-history.js';
import type { AccountPlan, PlanKind, StaffPools } from './timeline.js';
import { Rand, type DemoData } from './types.js';

export interface GenerateDemoInput {
  /** Seeded by the generator itself; pass a fresh `new Faker({ locale: [en] })`. */
  faker: Faker;
  seed: number;
  /** The last day of the history (YYYY-MM-DD in the demo's timezone): "today". */
  today: string;
  /** settings.auditionMinSpend (minor units): some first orders are above it, some below. */
  auditionMinSpend: number;
}

export const DEMO_SEED = 20_261_123;
export const DEMO_TIMEZONE = DEMO_ORG.timezone;
/** The sample company's own admin, made by `rapport demo` with a password printed once. */
export const DEMO_ADMIN_EMAIL = `admin@${DEMO_ORG.emailDomain}`;

/** How many customers follow each pattern; the rest are steady repeat customers. */
export const CUSTOMER_MIX: Record<Exclude<PlanKind, 'steady' | 'prospect' | 'supplier'>, number> = {
  new_first: 24, // first order in progress right now; half of them paid auditions
  second: 15, // first order delivered, second in progress
  quote_only: 10, // signed up, quoted, no order yet
  one_off: 40, // one order, months or years ago
  neglected: 50, // ordered for a while, then nothing for more than 180 days
  slipping: 25, // a short rhythm that stopped 2–6 months ago: rhythm overdue, not yet neglected
  quiet_lately: 12, // crossed a line in the last days (half the rhythm, half the neglect window): re-engage calls today
};
export const CUSTOMER_COUNT = 500;
export const PROSPECT_COUNT = 40;
export const SUPPLIER_COUNT = 30;

export function generateDemo(input: GenerateDemoInput): DemoData {
  input.faker.seed(input.seed);
  const r = new Rand(input.faker);
  const year = Number(input.today.slice(0, 4));
  const holidays = usHolidays(year - 4, year + 1);
  const cal = new DemoCalendar(input.today, DEMO_ORG.timezone, holidays);
  const data: DemoData = {
    today: input.today,
    settings: {
      orgName: DEMO_ORG.name,
      timezone: DEMO_ORG.timezone,
      currency: DEMO_ORG.currency,
      holidays: holidays.filter((h) => h >= `${year - 1}`),
    },
    users: [],
    accounts: [],
    accountTeam: [],
    contacts: [],
    hotButtons: [],
    orders: [],
    orderLines: [],
    orderEvents: [],
    quotes: [],
    quoteEvents: [],
    activities: [],
    thankYouNotes: [],
  };
  const staff = makeStaff(r, cal, data);
  const plans = makePlans(r, staff, input.auditionMinSpend);
  const earliest = generateHistory({ r, cal, staff, data, auditionMinSpend: input.auditionMinSpend }, plans);
  writeAccounts(r, cal, data, plans, staff, earliest);
  generateNotes({ r, cal, staff, data, auditionMinSpend: input.auditionMinSpend }, plans);
  return data;
}

function makeStaff(r: Rand, cal: DemoCalendar, data: DemoData): StaffPools {
  const pools = {} as StaffPools;
  const emails = new Set<string>();
  let n = 0;
  for (const group of STAFF_PLAN) {
    for (let i = 0; i < group.count; i++) {
      n += 1;
      const first = r.f.person.firstName();
      const last = r.f.person.lastName();
      let local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
      while (emails.has(local)) local += String(r.int(1, 9));
      emails.add(local);
      const id = r.uuid();
      const createdAt = cal.at(-1200 - r.int(0, 400), 9 * 60);
      data.users.push({
        id,
        email: `${local}@${DEMO_ORG.emailDomain}`,
        name: `${first} ${last}`,
        externalRef: `E${String(n).padStart(4, '0')}`,
        roles: group.roles,
        active: true,
        passwordHash: null,
        createdAt,
        updatedAt: createdAt,
      });
      for (const role of group.roles) if (role !== 'admin') (pools[role] ??= []).push(id);
    }
  }
  return pools;
}

function uniqueName(r: Rand, taken: Set<string>, make: () => string): string {
  let name = make();
  for (let i = 0; taken.has(name) && i < 5; i++) name = make();
  for (let i = 2; taken.has(name); i++) name = `${name.replace(/ \d+$/, '')} ${i}`;
  taken.add(name);
  return name;
}

const dollars = (n: number) => n * 100;

/** Potential annual spend (minor units) of a steady-state customer, by tier. */
function potentialFor(r: Rand): number {
  const tier = r.weighted([
    { weight: 12, value: 'A' },
    { weight: 33, value: 'B' },
    { weight: 55, value: 'C' },
  ]);
  if (tier === 'A') return dollars(r.int(150, 900) * 1000);
  if (tier === 'B') return dollars(r.int(40, 149) * 1000);
  return dollars(r.int(5, 39) * 1000);
}

export function tierOf(potential: number): 'A' | 'B' | 'C' {
  return potential >= dollars(150_000) ? 'A' : potential >= dollars(40_000) ? 'B' : 'C';
}

function makePlans(r: Rand, staff: StaffPools, auditionMinSpend: number): AccountPlan[] {
  const kinds: PlanKind[] = [];
  for (const [kind, count] of Object.entries(CUSTOMER_MIX) as [PlanKind, number][]) for (let i = 0; i < count; i++) kinds.push(kind);
  while (kinds.length < CUSTOMER_COUNT) kinds.push('steady');
  const customerKinds = r.shuffle(kinds);
  const names = new Set<string>();
  const plans: AccountPlan[] = [];
  let newFirstSeen = 0;

  const contactsFor = (count: number, companySlug: string, supplier: boolean) => {
    const roles = supplier ? [] : r.shuffle(CONTACT_ROLES.filter((c) => c.role !== 'user'));
    return Array.from({ length: count }, (_, i) => {
      const first = r.f.person.firstName();
      const last = r.f.person.lastName();
      const role = supplier ? null : i === 0 ? CONTACT_ROLES[0]! : (roles[i] ?? r.pick(CONTACT_ROLES));
      return {
        id: r.uuid(),
        name: `${first} ${last}`,
        email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + `@${companySlug}.example.com`,
        phone: r.f.phone.number({ style: 'national' }),
        title: role ? r.pick(role.titles) : r.pick(['Account Manager', 'Customer Service', 'Sales Engineer']),
        roleAtCustomer: role?.role ?? 'other',
        isPrimary: i === 0,
      };
    });
  };
  const base = (kind: AccountPlan['kind'], plan: PlanKind, name: string) => {
    const location = r.weighted(LOCATIONS.map((l) => ({ weight: l.weight, value: l })));
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return { kind, plan, name, location, slug, phone: r.f.phone.number({ style: 'national' }) };
  };

  for (const plan of customerKinds) {
    const name = uniqueName(r, names, () => `${r.f.person.lastName()} ${r.pick(CUSTOMER_INDUSTRIES)}${r.pick(COMPANY_SUFFIXES)}`);
    const b = base('customer', plan, name);
    let potential = potentialFor(r);
    if (plan === 'new_first') {
      // Alternate: every other new account is big enough that its first order is a paid audition (P1).
      const isAudition = newFirstSeen % 2 === 0;
      potential = Math.round((auditionMinSpend * (isAudition ? r.int(110, 600) : r.int(10, 90))) / 100 / 100) * 100;
      newFirstSeen += 1;
    }
    const tier = tierOf(potential);
    const acquisitionCost = dollars(tier === 'A' ? r.int(8000, 30000) : tier === 'B' ? r.int(3000, 12000) : r.int(800, 5000));
    plans.push({
      ...b,
      id: r.uuid(),
      externalRef: `C${10001 + plans.length}`,
      tier,
      potential,
      acquisitionCost,
      team: teamFor(r, staff, tier, true),
      contacts: contactsFor(r.int(1, 3), b.slug, false),
      products: productsFor(r, tier),
    });
  }
  for (let i = 0; i < PROSPECT_COUNT; i++) {
    const name = uniqueName(r, names, () => `${r.f.person.lastName()} ${r.pick(CUSTOMER_INDUSTRIES)}${r.pick(COMPANY_SUFFIXES)}`);
    const b = base('prospect', 'prospect', name);
    const potential = potentialFor(r);
    plans.push({
      ...b,
      id: r.uuid(),
      externalRef: `P${20001 + i}`,
      tier: tierOf(potential),
      potential,
      acquisitionCost: null,
      team: teamFor(r, staff, 'C', false),
      contacts: contactsFor(r.int(1, 2), b.slug, false),
      products: productsFor(r, 'C'),
    });
  }
  for (let i = 0; i < SUPPLIER_COUNT; i++) {
    const name = uniqueName(r, names, () => `${r.f.person.lastName()} ${r.pick(SUPPLIER_TRADES)}${r.pick(COMPANY_SUFFIXES)}`);
    const b = base('supplier', 'supplier', name);
    plans.push({
      ...b,
      id: r.uuid(),
      externalRef: `S${30001 + i}`,
      tier: null,
      potential: null,
      acquisitionCost: null,
      team: [{ role: 'operations', userId: r.pick(staff.operations) }],
      contacts: contactsFor(r.int(1, 2), b.slug, true),
      products: [],
    });
  }
  return plans;
}

function teamFor(r: Rand, staff: StaffPools, tier: string | null, isCustomer: boolean): { role: Role; userId: string }[] {
  const team: { role: Role; userId: string }[] = [{ role: 'sales', userId: r.pick(staff.sales) }];
  if (!isCustomer) return team;
  team.push({ role: 'csr', userId: r.pick(staff.csr) });
  if (tier === 'A' || r.chance(0.25)) team.push({ role: 'engineering', userId: r.pick(staff.engineering) });
  if (tier === 'A') team.push({ role: 'quality', userId: r.pick(staff.quality) });
  if (r.chance(0.2)) team.push({ role: 'service', userId: r.pick(staff.service) });
  return team;
}

function productsFor(r: Rand, tier: string) {
  const count = tier === 'A' ? r.int(2, 4) : r.int(1, 3);
  return Array.from({ length: count }, () => {
    const family = r.pick(PRODUCT_FAMILIES);
    return {
      sku: `${family.sku}-${r.int(1000, 9999)} rev ${r.pick(['A', 'B', 'C', 'D'])}`,
      description: family.description,
      unitPrice: r.int(family.unitPrice[0], family.unitPrice[1]),
    };
  });
}

/** Account, team, contact and hot-button rows, created a little before each account's first trace. */
function writeAccounts(
  r: Rand,
  cal: DemoCalendar,
  data: DemoData,
  plans: AccountPlan[],
  staff: StaffPools,
  earliest: Map<string, number>,
): void {
  for (const p of plans) {
    const createdDay = Math.min(earliest.get(p.id) ?? -r.int(30, 400), 0) - r.int(5, 60);
    const createdAt = cal.at(createdDay, r.int(8 * 60, 17 * 60));
    data.accounts.push({
      id: p.id,
      name: p.name,
      kind: p.kind,
      externalRef: p.externalRef,
      tier: p.tier,
      potentialAnnualSpend: p.potential,
      acquisitionCost: p.acquisitionCost,
      currency: DEMO_ORG.currency,
      timezone: p.location.timezone,
      phone: p.phone,
      city: p.location.city,
      country: p.location.country,
      createdAt,
      updatedAt: createdAt,
    });
    for (const m of p.team) data.accountTeam.push({ accountId: p.id, userId: m.userId, role: m.role });
    for (const c of p.contacts) {
      data.contacts.push({ ...c, accountId: p.id, createdAt, updatedAt: createdAt });
    }
    // Most customers told the rep what they care about when they bought (P5.4).
    if (p.kind !== 'supplier' && r.chance(p.kind === 'customer' ? 0.85 : 0.4)) {
      const sales = p.team.find((m) => m.role === 'sales')?.userId ?? r.pick(staff.sales);
      for (const text of r.some(HOT_BUTTONS, r.int(1, 3))) {
        data.hotButtons.push({
          id: r.uuid(),
          accountId: p.id,
          text,
          capturedBy: sales,
          capturedAt: cal.at(createdDay + r.int(1, 4), r.int(9 * 60, 16 * 60)),
        });
      }
    }
  }
}
