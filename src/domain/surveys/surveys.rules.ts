// Transaction surveys' pure rules (docs/surveys.md): what makes an answer a detractor's, what an
// answer must hold, and the surveys Rapport ships. No database, no clock.
import type { SurveyAnswer, SurveyTouchpoint } from '../../../contract/surveys.js';

export interface DetractorThresholds {
  /** CSAT at or below this (1–5) is a detractor's. */
  csat: number;
  /** NPS at or below this (0–10). */
  nps: number;
  /** CES at or above this (1–7: effort, higher is worse). */
  ces: number;
}

export const DEFAULT_THRESHOLDS: DetractorThresholds = { csat: 2, nps: 6, ces: 5 };

/** The scores that make the answer a detractor's, in words ("CSAT 2 ≤ 2"); empty when none does. */
export function detractorReasons(a: Pick<SurveyAnswer, 'csat' | 'nps' | 'ces'>, t: DetractorThresholds): string[] {
  const reasons: string[] = [];
  if (a.csat !== undefined && a.csat <= t.csat) reasons.push(`CSAT ${a.csat} (${t.csat} or lower)`);
  if (a.nps !== undefined && a.nps <= t.nps) reasons.push(`NPS ${a.nps} (${t.nps} or lower)`);
  if (a.ces !== undefined && a.ces >= t.ces) reasons.push(`CES ${a.ces} (${t.ces} or higher)`);
  return reasons;
}

export interface AskedQuestions {
  csatQuestion: string | null;
  npsQuestion: string | null;
  cesQuestion: string | null;
  commentQuestion: string | null;
}

/** What is wrong with an answer to this survey, by field: a score it does not ask, or no score at all. */
export function answerProblems(a: SurveyAnswer, s: AskedQuestions): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (a.csat !== undefined && !s.csatQuestion) problems.push({ path: 'csat', message: 'this survey does not ask it' });
  if (a.nps !== undefined && !s.npsQuestion) problems.push({ path: 'nps', message: 'this survey does not ask it' });
  if (a.ces !== undefined && !s.cesQuestion) problems.push({ path: 'ces', message: 'this survey does not ask it' });
  if (a.comment && !s.commentQuestion) problems.push({ path: 'comment', message: 'this survey does not ask it' });
  if (a.csat === undefined && a.nps === undefined && a.ces === undefined) {
    const first = s.csatQuestion ? 'csat' : s.npsQuestion ? 'nps' : 'ces';
    problems.push({ path: first, message: 'choose a score' });
  }
  return problems;
}

export interface ShippedSurvey extends AskedQuestions {
  key: string;
  touchpoint: SurveyTouchpoint;
  name: string;
  intro: string;
}

const COMMENT = 'What is the one thing we should do better?';
const csat = (what: string) => `How satisfied are you with ${what}?`;
const ces = (what: string) => `How much effort did ${what} take on your side?`;

/** One survey per touchpoint; each key is also its touchpoint (a custom survey has its own key). */
export const SHIPPED_SURVEYS: readonly ShippedSurvey[] = [
  {
    key: 'first_order',
    touchpoint: 'first_order',
    name: 'Your first order',
    intro: 'Three short questions about your first order with us.',
    csatQuestion: csat('your first order with us'),
    npsQuestion: 'How likely are you to recommend us to a colleague?',
    cesQuestion: ces('placing and receiving this order'),
    commentQuestion: COMMENT,
  },
  {
    key: 'delivery',
    touchpoint: 'delivery',
    name: 'Your delivery',
    intro: 'Two short questions about your delivery.',
    csatQuestion: csat('this delivery'),
    npsQuestion: null,
    cesQuestion: ces('receiving it'),
    commentQuestion: COMMENT,
  },
  ...(
    [
      ['scheduling', 'Scheduling', 'scheduling the work with us'],
      ['installation', 'The installation', 'the installation'],
      ['training', 'The training', 'the training your team received'],
      ['technical_support', 'Technical support', 'the technical support you received'],
      ['contracts', 'Your service contract', 'setting up your service contract'],
      ['parts_consumables', 'Parts and consumables', 'ordering parts and consumables'],
    ] as const
  ).map(([key, name, what]) => ({
    key,
    touchpoint: key,
    name,
    intro: `Two short questions about ${what}.`,
    csatQuestion: csat(what),
    npsQuestion: null,
    cesQuestion: ces(what),
    commentQuestion: COMMENT,
  })),
];
