// The survey page a customer opens from a survey invitation (docs/surveys.md): a plain form that
// works without script, in the portal's look, one scale per question. Every value goes through `esc`.
import { SURVEY_SCALES, type SurveyMeasure } from '../../../contract/surveys.js';
import type { SurveyPage } from '../../domain/surveys/index.js';
import { esc, portalShell } from './page.js';

const ENDS: Record<SurveyMeasure, [string, string]> = {
  csat: ['Very dissatisfied', 'Very satisfied'],
  nps: ['Not at all likely', 'Extremely likely'],
  ces: ['Very little effort', 'A great deal of effort'],
};

function scale(measure: SurveyMeasure, question: string): string {
  const { min, max } = SURVEY_SCALES[measure];
  const options = Array.from({ length: max - min + 1 }, (_, i) => min + i)
    .map((n) => `<label class="score"><input type="radio" name="${measure}" value="${n}" required><span>${n}</span></label>`)
    .join('');
  const [low, high] = ENDS[measure];
  return `<fieldset class="scale"><legend>${esc(question)}</legend><div class="scores">${options}</div><p class="ends muted"><span>${min} = ${esc(low)}</span><span>${max} = ${esc(high)}</span></p></fieldset>`;
}

export function renderSurveyPage(p: SurveyPage, opts: { thanks?: boolean; error?: string } = {}): string {
  const { survey } = p;
  if (p.answeredAt) {
    const body = `<main><p class="saved" role="status">${
      opts.thanks ? 'Thank you — we have your answer.' : 'We have your answer already: thank you. A link takes one answer.'
    }</p><p>It goes to the people who look after ${esc(p.accountName)} at ${esc(p.orgName)}; if something needs fixing, they will call you.</p></main>`;
    return portalShell(survey.name, p.orgName, body, false);
  }
  const questions = [
    survey.csatQuestion ? scale('csat', survey.csatQuestion) : '',
    survey.npsQuestion ? scale('nps', survey.npsQuestion) : '',
    survey.cesQuestion ? scale('ces', survey.cesQuestion) : '',
  ].join('\n');
  const comment = survey.commentQuestion
    ? `<label for="comment">${esc(survey.commentQuestion)}</label><textarea id="comment" name="comment" maxlength="4000"></textarea>`
    : '';
  const body = `<main>
<p>${p.contactName ? `Hello ${esc(p.contactName)}. ` : ''}${esc(survey.intro)}</p>
${opts.error ? `<p class="notice" role="alert">${esc(opts.error)}</p>` : ''}
<form method="post" action="">
${questions}
${comment}
<p><button type="submit">Send my answer</button></p>
</form>
</main>
<footer>This survey is for ${esc(p.accountName)}. The link takes one answer.</footer>`;
  return portalShell(survey.name, p.orgName, body, false);
}
