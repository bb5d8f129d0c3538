// Survey figures (docs/surveys.md "Figures"): by touchpoint and overall, over a period of days in
// the organisation's timezone, as the data stood at the end of asOf — response rate, mean CSAT, NPS,
// mean CES, detractors and the share of them called back within one business day.
import { sql } from 'drizzle-orm';
import type { SurveyFigures, SurveyFiguresQuery, SurveyScores, SurveyTouchpoint } from '../../../contract/surveys.js';
import { getCachedSettings } from '../settings/index.js';
import { figurePeriod, rowsOf, type ReadContext } from '../shared/index.js';

interface Row {
  touchpoint: SurveyTouchpoint;
  sent: number;
  sent_answered: number;
  answers: number;
  csat_sum: number;
  csat_n: number;
  promoters: number;
  nps_detractors: number;
  nps_n: number;
  ces_sum: number;
  ces_n: number;
  detractors: number;
  called_back: number;
}

const share = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

function scores(rows: Row[]): SurveyScores {
  const sum = (k: keyof Row) => rows.reduce((s, r) => s + Number(r[k]), 0);
  const csatN = sum('csat_n');
  const npsN = sum('nps_n');
  const cesN = sum('ces_n');
  return {
    sent: sum('sent'),
    responseRate: share(sum('sent_answered'), sum('sent')),
    answers: sum('answers'),
    csat: { mean: csatN === 0 ? null : round(sum('csat_sum') / csatN, 2), answers: csatN },
    nps: {
      score: npsN === 0 ? null : round(((sum('promoters') - sum('nps_detractors')) / npsN) * 100, 1),
      promoters: sum('promoters'),
      detractors: sum('nps_detractors'),
      answers: npsN,
    },
    ces: { mean: cesN === 0 ? null : round(sum('ces_sum') / cesN, 2), answers: cesN },
    detractors: sum('detractors'),
    calledBackInTime: share(sum('called_back'), sum('detractors')),
  };
}

export async function getSurveyFigures({ db, now }: ReadContext, q: SurveyFiguresQuery): Promise<SurveyFigures> {
  const { timezone } = await getCachedSettings(db);
  const { asOf, from, to, inPeriod, end } = figurePeriod(now, timezone, q);
  const rows = await rowsOf<Row>(
    db,
    sql`with sent as (
          select s.touchpoint, count(*)::int as sent, count(i.responded_at) filter (where i.responded_at < ${end})::int as sent_answered
            from survey_invitations i join surveys s on s.key = i.survey_key
           where ${inPeriod('i.created_at')}
           group by 1),
        said as (
          select r.touchpoint, count(*)::int as answers,
                 coalesce(sum(r.csat), 0)::int as csat_sum, count(r.csat)::int as csat_n,
                 count(*) filter (where r.nps >= 9)::int as promoters, count(*) filter (where r.nps <= 6)::int as nps_detractors,
                 count(r.nps)::int as nps_n, coalesce(sum(r.ces), 0)::int as ces_sum, count(r.ces)::int as ces_n,
                 count(*) filter (where r.is_detractor)::int as detractors,
                 count(*) filter (where r.is_detractor and exists (
                   select 1 from problems p join tasks t on t.id = p.fix_task_id
                    where p.source_key = 'survey-response:' || r.id::text
                      and t.status = 'done' and t.completed_at <= p.due_at and t.completed_at < ${end}))::int as called_back
            from survey_responses r
           where ${inPeriod('r.answered_at')} and r.answered_at < ${end}
           group by 1)
        select coalesce(sent.touchpoint, said.touchpoint) as touchpoint,
               coalesce(sent.sent, 0) as sent, coalesce(sent.sent_answered, 0) as sent_answered,
               coalesce(said.answers, 0) as answers, coalesce(said.csat_sum, 0) as csat_sum, coalesce(said.csat_n, 0) as csat_n,
               coalesce(said.promoters, 0) as promoters, coalesce(said.nps_detractors, 0) as nps_detractors, coalesce(said.nps_n, 0) as nps_n,
               coalesce(said.ces_sum, 0) as ces_sum, coalesce(said.ces_n, 0) as ces_n,
               coalesce(said.detractors, 0) as detractors, coalesce(said.called_back, 0) as called_back
          from sent full join said on said.touchpoint = sent.touchpoint
         order by 1`,
  );
  return {
    asOf,
    from,
    to,
    overall: scores(rows),
    byTouchpoint: rows.map((r) => ({ touchpoint: r.touchpoint, ...scores([r]) })),
  };
}
