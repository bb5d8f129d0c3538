// Figures: the kpis, the dashboard's series by month, and the rows behind each number (with their CSV).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  DashboardSchema,
  FigureRowsSchema,
  KpisSchema,
  LateNoticesSchema,
  PracticeRowsSchema,
  PracticeSchema,
  AnalyticsQuery,
  FigureKey,
  PracticeRowsQuery,
} from '../../../../contract/analytics';
import { apiPath, get, withQuery, type Answer } from '../../lib/api';

/** The view in the URL: as of a day, over a period, for one rep's accounts. */
export type FigureView = Partial<AnalyticsQuery>;

export const analyticsKeys = {
  all: ['analytics'] as const,
  kpis: (view: FigureView) => ['analytics', 'kpis', view] as const,
  dashboard: (view: FigureView) => ['analytics', 'dashboard', view] as const,
  rows: (figure: FigureKey, view: FigureView, cursor: string | undefined) => ['analytics', 'rows', figure, view, cursor] as const,
  practice: (view: FigureView) => ['analytics', 'practice', view] as const,
  lateNotices: (view: FigureView) => ['analytics', 'late-notices', view] as const,
  practiceRows: (side: PracticeSide, cursor: string | undefined) => ['analytics', 'practice-rows', side, cursor] as const,
};

/** One side of "does the practice work" (a playbook, or one of its steps) in a view. */
export type PracticeSide = FigureView & Pick<PracticeRowsQuery, 'playbook' | 'side'> & { step?: string };

export function useKpis(view: FigureView) {
  return useQuery({
    queryKey: analyticsKeys.kpis(view),
    queryFn: () => get<Answer<typeof KpisSchema>>('/analytics/kpis', { ...view }),
    placeholderData: keepPreviousData,
  });
}

export function useDashboard(view: FigureView) {
  return useQuery({
    queryKey: analyticsKeys.dashboard(view),
    queryFn: () => get<Answer<typeof DashboardSchema>>('/analytics/dashboard', { ...view }),
    placeholderData: keepPreviousData,
  });
}

export function useFigureRows(figure: FigureKey, view: FigureView, cursor: string | undefined) {
  return useQuery({
    queryKey: analyticsKeys.rows(figure, view, cursor),
    queryFn: () => get<Answer<typeof FigureRowsSchema>>(apiPath`/analytics/${figure}`, { ...view, cursor, limit: 50 }),
    placeholderData: keepPreviousData,
  });
}

export function useLateNotices(view: FigureView) {
  return useQuery({
    queryKey: analyticsKeys.lateNotices(view),
    queryFn: () => get<Answer<typeof LateNoticesSchema>>('/analytics/late-notices', { ...view }),
    placeholderData: keepPreviousData,
  });
}

export function usePractice(view: FigureView) {
  return useQuery({
    queryKey: analyticsKeys.practice(view),
    queryFn: () => get<Answer<typeof PracticeSchema>>('/analytics/practice', { ...view }),
    placeholderData: keepPreviousData,
  });
}

export function usePracticeRows(side: PracticeSide, cursor: string | undefined) {
  return useQuery({
    queryKey: analyticsKeys.practiceRows(side, cursor),
    queryFn: () => get<Answer<typeof PracticeRowsSchema>>('/analytics/practice/rows', { ...side, cursor, limit: 50 }),
    enabled: side.playbook !== '',
    placeholderData: keepPreviousData,
  });
}

/** The address of a figure's rows as a CSV file (the browser downloads it with the session cookie). */
export function figureCsvUrl(figure: FigureKey, view: FigureView): string {
  return withQuery(`/api/v1/analytics/${figure}`, { ...view, format: 'csv' });
}
