// The onboarding journey's stages (docs/journeys.md), pure: which stages a playbook has, and where
// a journey stands given its tasks. No db, no clock.
import { JOURNEY_STAGES, type JourneyStage } from '../../../contract/journeys.js';
import type { PlaybookDocument, PlaybookStep } from '../../../contract/playbooks.js';
import type { StepState } from './steps.rules.js';

/** The stages a playbook's steps name, in journey order; empty for a playbook that is not a journey. */
export function stagesOf(doc: Pick<PlaybookDocument, 'steps'>): JourneyStage[] {
  const named = new Set(doc.steps.map((s) => s.stage).filter((s): s is JourneyStage => s !== undefined));
  return JOURNEY_STAGES.filter((s) => named.has(s));
}

/** An executive call: a call for the executive role, bound to a stage (P3.2). */
export function isExecutiveCall(step: Pick<PlaybookStep, 'kind' | 'role' | 'stage'>): boolean {
  return step.stage !== undefined && step.kind === 'call' && (step.role === 'executive' || step.role === 'account_team:executive');
}

export interface StageProgress {
  stage: JourneyStage;
  /** Every task of the stage is done or skipped, and so is every stage before it. */
  completed: boolean;
}

/**
 * Stages complete in order: a stage is complete when all its tasks are done or skipped and the
 * stage before it is complete (a later stage whose tasks finished early completes when the journey
 * reaches it). The current stage is the first not complete; null once all are.
 */
export function journeyProgress(
  stages: readonly JourneyStage[],
  tasks: readonly { stage: JourneyStage | null; status: StepState }[],
): { progress: StageProgress[]; current: JourneyStage | null } {
  const progress: StageProgress[] = [];
  let before = true;
  for (const stage of stages) {
    const own = tasks.filter((t) => t.stage === stage);
    const completed: boolean = before && own.every((t) => t.status === 'done' || t.status === 'skipped');
    progress.push({ stage, completed });
    before = completed;
  }
  return { progress, current: progress.find((p) => !p.completed)?.stage ?? null };
}
