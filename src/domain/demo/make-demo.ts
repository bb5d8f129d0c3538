// `rapport demo` end to end, for the command and the browser journeys alike: generate the sample
// company, write it, live its morning (demo-morning.ts), and make its admin with a random password
// returned once (no default password, ever).
import type { Faker } from '@faker-js/faker';
import { queueStaffDigests } from '../messages/index.js';
import { getSettings, recordPublicUrl } from '../settings/index.js';
import { dateIn, type UseCaseContext } from '../shared/index.js';
import { createAdmin, randomSecret } from '../users/index.js';
import { runDemoMorning, type DemoMorning } from './demo-morning.js';
import { runDemoPortal, type DemoPortal } from './demo-portal.js';
import { runDemoSurveys, type DemoSurveys } from './demo-surveys.js';
import { runDemoProblems } from './demo-problems.js';
import { runDemoImports, type DemoImport } from './demo-imports.js';
import { runDemoJourneys, type DemoJourneys } from './demo-journeys.js';
import { DEMO_ADMIN_EMAIL, DEMO_SEED, DEMO_TIMEZONE, generateDemo } from './generate-demo.js';
import { summarizeDemo, type DemoSummary } from './summarize-demo.js';
import type { DemoData } from './types.js';
import { demoMoment } from './timeline.js';
import { assertFreshDatabase, writeDemo, type DemoProgress } from './write-demo.js';

export interface MakeDemoInput {
  /** A fresh `new Faker({ locale: [en] })`: the caller loads faker (a running server never needs it). */
  faker: Faker;
  /** As the escalate-overdue job's (config.escalationGraceHours). */
  graceHours: number;
  onProgress?: (p: DemoProgress) => void;
  /** Called between the stages, for a line of progress. */
  onStage?: (text: string) => void;
  /** Where customers reach Rapport (PUBLIC_URL): the demo makes a customer's portal link there. */
  portalBaseUrl?: string;
}

export interface MadeDemo {
  data: DemoData;
  today: string;
  summary: DemoSummary;
  morning: DemoMorning;
  /** Problems reported over the last ten months, most traced to two reps (demo-problems.ts). */
  problems: number;
  /** A customer's portal link and a sent new-customer form (demo-portal.ts), when asked for. */
  portal: DemoPortal | null;
  /** First-order surveys sent and answered (demo-surveys.ts). */
  surveys: DemoSurveys;
  /** Onboarding journeys at three points of their life (demo-journeys.ts). */
  journeys: DemoJourneys;
  /** This week's ERP export, to import with the saved mapping it names (demo-imports.ts). */
  erpExport: DemoImport;
  /** This morning's digests queued, one per colleague with something due. */
  staffDigests: number;
  admin: { email: string; password: string };
}

export async function makeDemoCompany(real: UseCaseContext, input: MakeDemoInput): Promise<MadeDemo> {
  // Made before this morning's 07:00 in its timezone, the company is as it stood last night (timeline.ts).
  const ctx = { ...real, now: demoMoment(real.now, DEMO_TIMEZONE) };
  // Refuse before spending time generating; writeDemo checks again inside its transaction.
  await assertFreshDatabase(ctx.db);
  const settings = await getSettings(ctx.db);
  const today = dateIn(ctx.now, DEMO_TIMEZONE);
  // Links in the demo's messages point where the demo says it will be reached (docs/preferences.md).
  if (input.portalBaseUrl) await recordPublicUrl(ctx.db, input.portalBaseUrl);
  input.onStage?.('Generating the sample company…');
  const data = generateDemo({ faker: input.faker, seed: DEMO_SEED, today, auditionMinSpend: settings.auditionMinSpend });
  await writeDemo(ctx, { data, ...(input.onProgress && { onProgress: input.onProgress }) });
  input.onStage?.('Running the morning sweep and the playbooks…');
  const morning = await runDemoMorning(ctx, { seed: DEMO_SEED, graceHours: input.graceHours });
  const problems = await runDemoProblems(ctx);
  const portal = input.portalBaseUrl ? await runDemoPortal(ctx, { baseUrl: input.portalBaseUrl }) : null;
  const surveys = await runDemoSurveys(ctx);
  const journeys = await runDemoJourneys(ctx);
  const erpExport = await runDemoImports(ctx, data);
  // Last, once every step of the morning exists: each colleague's digest of what is due (docs/escalation.md).
  const staffDigests = await queueStaffDigests(ctx);
  const password = randomSecret(12);
  await createAdmin(ctx, { email: DEMO_ADMIN_EMAIL, name: 'Demo Admin', password });
  return {
    data,
    today,
    summary: summarizeDemo(data, { auditionMinSpend: settings.auditionMinSpend, neglectDays: settings.neglectDays }),
    morning,
    problems,
    portal,
    surveys,
    journeys,
    erpExport,
    staffDigests,
    admin: { email: DEMO_ADMIN_EMAIL, password },
  };
}
