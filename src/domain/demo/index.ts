export { generateDemo, DEMO_ADMIN_EMAIL, DEMO_SEED, DEMO_TIMEZONE, type GenerateDemoInput } from './generate-demo.js';
export { writeDemo, assertFreshDatabase, type DemoProgress, type WriteDemoInput } from './write-demo.js';
export { summarizeDemo, type DemoSummary } from './summarize-demo.js';
export type { DemoData } from './types.js';
export { runDemoMorning, type DemoMorning } from './demo-morning.js';
export { runDemoPlaybooks, type DemoRuns } from './demo-runs.js';
export { makeDemoCompany, type MadeDemo, type MakeDemoInput } from './make-demo.js';
export { demoMoment } from './timeline.js';
