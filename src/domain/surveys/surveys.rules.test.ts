import { describe, expect, it } from 'vitest';
import { SURVEY_TOUCHPOINTS } from '../../../contract/surveys.js';
import { answerProblems, DEFAULT_THRESHOLDS, detractorReasons, SHIPPED_SURVEYS } from './surveys.rules.js';

describe('a detractor answer', () => {
  it.each([
    [{ csat: 2 }, ['CSAT 2 (2 or lower)']],
    [{ csat: 3 }, []],
    [{ nps: 6 }, ['NPS 6 (6 or lower)']],
    [{ nps: 7 }, []],
    [{ nps: 0 }, ['NPS 0 (6 or lower)']],
    [{ ces: 5 }, ['CES 5 (5 or higher)']],
    [{ ces: 4 }, []],
    [{ csat: 1, nps: 9, ces: 7 }, ['CSAT 1 (2 or lower)', 'CES 7 (5 or higher)']],
    [{}, []],
  ])('%j → %j with the default thresholds', (answer, reasons) => {
    expect(detractorReasons(answer, DEFAULT_THRESHOLDS)).toEqual(reasons);
  });

  it('follows the settings: with CSAT ≤ 3 a 3 is a detractor’s', () => {
    expect(detractorReasons({ csat: 3 }, { ...DEFAULT_THRESHOLDS, csat: 3 })).toEqual(['CSAT 3 (3 or lower)']);
  });
});

describe('what an answer must hold', () => {
  const delivery = SHIPPED_SURVEYS.find((s) => s.key === 'delivery')!;
  it('takes the scores the survey asks, and a comment', () => {
    expect(answerProblems({ csat: 4, ces: 2, comment: 'fine' }, delivery)).toEqual([]);
    expect(answerProblems({ ces: 2 }, delivery)).toEqual([]);
  });
  it('refuses a score it does not ask, and an answer without any score, naming the field', () => {
    expect(answerProblems({ csat: 4, nps: 9 }, delivery)).toEqual([{ path: 'nps', message: 'this survey does not ask it' }]);
    expect(answerProblems({ comment: 'only words' }, delivery)).toEqual([{ path: 'csat', message: 'choose a score' }]);
  });
});

describe('the shipped surveys', () => {
  it('cover every touchpoint but custom, each asking a scale and a comment', () => {
    expect(SHIPPED_SURVEYS.map((s) => s.touchpoint).sort()).toEqual(SURVEY_TOUCHPOINTS.filter((t) => t !== 'custom').sort());
    for (const s of SHIPPED_SURVEYS) {
      expect(s.csatQuestion || s.npsQuestion || s.cesQuestion).toBeTruthy();
      expect(s.commentQuestion).toBeTruthy();
    }
  });
});
