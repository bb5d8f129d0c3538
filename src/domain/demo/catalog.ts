// The fixed vocabulary of the demo company: a contract manufacturer of printed-circuit boards and
// assemblies. Plain data; the generator picks from it with the seeded PRNG.
import type { Role } from '../../../contract/common.js';
import type { ContactRole } from '../../../contract/accounts.js';

export const DEMO_ORG = {
  name: 'Lakeshore Circuit Works',
  timezone: 'America/Chicago',
  currency: 'USD',
  /** Staff emails use a reserved domain (RFC 2606): nothing can ever be sent to a real person. */
  emailDomain: 'lakeshore-circuits.example',
} as const;

/** Staff by role: a few dozen people, every role of docs/domain.md §2 except admin (the real admin is created by the user). */
export const STAFF_PLAN: readonly { roles: Role[]; count: number; title: string }[] = [
  { roles: ['gm'], count: 1, title: 'General Manager' },
  { roles: ['executive'], count: 2, title: 'Executive' },
  { roles: ['sales'], count: 8, title: 'Account Manager' },
  { roles: ['csr'], count: 6, title: 'Customer Service Representative' },
  { roles: ['quality_manager', 'quality'], count: 1, title: 'Quality Manager' },
  { roles: ['quality'], count: 4, title: 'Quality Inspector' },
  { roles: ['operations'], count: 5, title: 'Production Supervisor' },
  { roles: ['engineering'], count: 4, title: 'Front-End Engineer' },
  { roles: ['shipping'], count: 3, title: 'Shipping Coordinator' },
  { roles: ['service'], count: 2, title: 'Field Service Engineer' },
];

/** Where customers are: city, country, IANA timezone. Weighted towards the US Midwest. */
export const LOCATIONS: readonly { city: string; country: string; timezone: string; weight: number }[] = [
  { city: 'Chicago', country: 'US', timezone: 'America/Chicago', weight: 10 },
  { city: 'Milwaukee', country: 'US', timezone: 'America/Chicago', weight: 5 },
  { city: 'Minneapolis', country: 'US', timezone: 'America/Chicago', weight: 5 },
  { city: 'Austin', country: 'US', timezone: 'America/Chicago', weight: 5 },
  { city: 'Dallas', country: 'US', timezone: 'America/Chicago', weight: 4 },
  { city: 'St. Louis', country: 'US', timezone: 'America/Chicago', weight: 3 },
  { city: 'Detroit', country: 'US', timezone: 'America/Detroit', weight: 5 },
  { city: 'Indianapolis', country: 'US', timezone: 'America/Indiana/Indianapolis', weight: 3 },
  { city: 'Columbus', country: 'US', timezone: 'America/New_York', weight: 3 },
  { city: 'Boston', country: 'US', timezone: 'America/New_York', weight: 4 },
  { city: 'Raleigh', country: 'US', timezone: 'America/New_York', weight: 3 },
  { city: 'Atlanta', country: 'US', timezone: 'America/New_York', weight: 2 },
  { city: 'Denver', country: 'US', timezone: 'America/Denver', weight: 3 },
  { city: 'Phoenix', country: 'US', timezone: 'America/Phoenix', weight: 3 },
  { city: 'San Jose', country: 'US', timezone: 'America/Los_Angeles', weight: 5 },
  { city: 'San Diego', country: 'US', timezone: 'America/Los_Angeles', weight: 3 },
  { city: 'Portland', country: 'US', timezone: 'America/Los_Angeles', weight: 2 },
  { city: 'Toronto', country: 'CA', timezone: 'America/Toronto', weight: 3 },
  { city: 'Monterrey', country: 'MX', timezone: 'America/Monterrey', weight: 2 },
  { city: 'Guadalajara', country: 'MX', timezone: 'America/Mexico_City', weight: 1 },
  { city: 'Munich', country: 'DE', timezone: 'Europe/Berlin', weight: 1 },
  { city: 'Eindhoven', country: 'NL', timezone: 'Europe/Amsterdam', weight: 1 },
];

/** Second word of a customer's name: the industries a PCB shop serves. */
export const CUSTOMER_INDUSTRIES = [
  'Instruments',
  'Medical Devices',
  'Controls',
  'Automation',
  'Robotics',
  'Aerospace',
  'Power Systems',
  'Sensors',
  'Lighting',
  'Audio',
  'Diagnostics',
  'Motion',
  'Energy',
  'Telematics',
  'Defense Systems',
  'Test & Measurement',
  'Agritech',
  'Security',
  'Networks',
  'Photonics',
] as const;
export const COMPANY_SUFFIXES = ['', '', '', ', Inc.', ' LLC', ' Corp.', ' Co.'] as const;
export const SUPPLIER_TRADES = [
  'Laminates',
  'Components Supply',
  'Stencils',
  'Chemicals',
  'Freight',
  'Solder',
  'Packaging',
  'Test Fixtures',
  'Calibration Services',
  'Plating',
  'Cable & Harness',
  'Electronics Distribution',
] as const;

export const CONTACT_ROLES: readonly { role: ContactRole; titles: readonly string[] }[] = [
  { role: 'buyer', titles: ['Buyer', 'Senior Buyer', 'Purchasing Manager', 'Supply Chain Manager'] },
  { role: 'quality', titles: ['Quality Engineer', 'Supplier Quality Engineer', 'Quality Manager'] },
  { role: 'engineering', titles: ['Hardware Engineer', 'Electrical Engineer', 'Engineering Manager'] },
  { role: 'executive', titles: ['VP Operations', 'CEO', 'Director of Manufacturing'] },
  { role: 'accounts_payable', titles: ['Accounts Payable', 'Controller'] },
  { role: 'user', titles: ['Production Lead', 'Test Technician'] },
];

/** What customers bought on (P5.4): confirmed after the first order. */
export const HOT_BUTTONS = [
  'On-time delivery for their line start',
  'Full traceability docs (lot and date code per board)',
  'RoHS certificates with every shipment',
  'First-article inspection report before the production run',
  'IPC-A-610 Class 3 workmanship',
  'Advance notice of any date change — they plan their build around us',
  'Consistent pricing across reorders',
  'Fast quote turnaround (24 h)',
  'Engineering feedback on the data package before we build',
  'ITAR compliance and US-only handling',
  'Moisture-sensitive parts baked and sealed',
  'Conformal coating exactly per drawing',
  'Packaging: ESD bags, one part number per box, labelled',
  'Certificate of conformance signed by the quality manager',
  'Single point of contact who answers the phone',
  'Weekly status email during production',
  'Flexibility to pull in dates when their demand spikes',
  'Cpk data on critical dimensions',
  'Functional test results shipped with the boards',
  'No substitutions without written approval',
] as const;

export const LOST_REASONS = [
  'Price — went with a lower bid',
  'Lead time too long for their build',
  'Project postponed by the customer',
  'Stayed with their incumbent supplier',
  'Could not meet the impedance spec',
  'Moved production offshore',
  'Quantity too small for our minimums',
] as const;

/** Product families: a customer's part numbers are built from these. Prices in cents per unit. */
export const PRODUCT_FAMILIES: readonly { sku: string; description: string; unitPrice: [number, number] }[] = [
  { sku: 'PCB-2L', description: '2-layer PCB, FR-4 1.6 mm, lead-free HASL', unitPrice: [180, 900] },
  { sku: 'PCB-4L', description: '4-layer PCB, FR-4 1.6 mm, ENIG', unitPrice: [450, 2200] },
  { sku: 'PCB-6L', description: '6-layer PCB, controlled impedance, ENIG', unitPrice: [900, 4500] },
  { sku: 'HDI-8L', description: '8-layer HDI PCB, blind and buried vias', unitPrice: [2500, 12000] },
  { sku: 'FLEX-2L', description: '2-layer flex circuit, polyimide, stiffeners', unitPrice: [600, 3500] },
  { sku: 'RFLEX-6L', description: '6-layer rigid-flex', unitPrice: [4000, 18000] },
  { sku: 'PCBA-SMT', description: 'PCB assembly, double-sided SMT, AOI inspected', unitPrice: [1500, 9000] },
  { sku: 'PCBA-MIX', description: 'PCB assembly, SMT and through-hole, conformal coated', unitPrice: [3000, 15000] },
  { sku: 'BOX-BUILD', description: 'Box build with functional test', unitPrice: [9000, 60000] },
];

export const ONE_OFF_CHARGES: readonly { sku: string; description: string; unitPrice: [number, number] }[] = [
  { sku: 'NRE', description: 'Tooling and NRE', unitPrice: [25000, 150000] },
  { sku: 'STENCIL', description: 'SMT stencil, laser cut, electropolished', unitPrice: [18000, 45000] },
  { sku: 'FIXTURE', description: 'Functional test fixture', unitPrice: [80000, 350000] },
];

export const CARRIERS = ['UPS', 'FedEx', 'DHL', 'Old Dominion', 'Customer pickup'] as const;

/** Account-timeline entries by kind: [subject, body]. `{order}` is replaced by an order number. */
export const ACTIVITY_TEMPLATES: Record<'call' | 'email' | 'meeting' | 'visit' | 'note', readonly [string, string][]> = {
  call: [
    ['Quote follow-up', 'Walked through the quote; they are comparing two bids and decide next week.'],
    ['Checked in on the last delivery', 'Boards arrived fine; their line started on schedule.'],
    ['Forecast call', 'They expect volumes up about 20% next quarter.'],
    ['Probed for other needs', 'Nothing new right now — asked us to check back after their design review.'],
    ['Returned their call', 'Question about lead times for the next revision; sent the answer by email.'],
  ],
  email: [
    ['Sent revised lead times', 'Shared current lead times per product family.'],
    ['Shared RoHS and REACH declarations', 'Sent the updated compliance pack they asked for.'],
    ['Useful info: laminate price trend', 'Let them know laminate prices are rising; suggested ordering ahead.'],
    ['Data package questions', 'Asked engineering’s questions about the drill file and stack-up.'],
  ],
  meeting: [
    ['Quarterly business review', 'On-time rate, quality and upcoming projects reviewed together.'],
    ['Design-for-manufacture review', 'Reviewed their next board with our front-end engineers.'],
    ['Annual pricing review', 'Agreed pricing for the next 12 months.'],
  ],
  visit: [
    ['Plant tour for their quality team', 'Toured SMT and inspection; they audited our traceability.'],
    ['Visited their site', 'Met the production team that uses our boards.'],
  ],
  note: [
    ['Prefers updates on Fridays', 'Their buyer wants one status email per week, Friday mornings.'],
    ['New buyer at the account', 'Purchasing changed hands; introduce ourselves to the new buyer.'],
    ['Receiving dock closes at 3 pm', 'Deliveries after 3 pm are refused; plan freight accordingly.'],
  ],
};
