import { Badge } from '@mantine/core';
import { PROBLEM_STATUS_LABELS, type ProblemDetail } from '../../../../contract/problems';
import { STATUS_COLORS } from './model';

/** A problem's status in words; past due says so (not by colour alone). */
export function ProblemStatusBadge({ problem }: { problem: Pick<ProblemDetail, 'status' | 'isPastDue'> }) {
  return (
    <Badge variant="light" color={problem.isPastDue ? 'red' : STATUS_COLORS[problem.status]} data-testid="problem-status">
      {PROBLEM_STATUS_LABELS[problem.status]}
      {problem.isPastDue ? ' · past due' : ''}
    </Badge>
  );
}
