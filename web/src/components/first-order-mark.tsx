import { Badge, Tooltip } from '@mantine/core';

// Never cut to "★ AU…" in a narrow row or cell (docs/ux.md "Phones"): the mark keeps its whole width.
const WHOLE = { flexShrink: 0, minWidth: 'max-content' } as const;

/** The one mark a first order carries on every list (docs/ux.md): "Audition" for big accounts, "First order" otherwise. */
export function FirstOrderMark({ isFirstOrder, isAudition }: { isFirstOrder: boolean; isAudition: boolean }) {
  if (!isFirstOrder) return null;
  if (isAudition) {
    return (
      <Tooltip label="First order of a big account: the paid audition. Every step gets extra care.">
        <Badge color="grape" variant="filled" size="sm" style={WHOLE} data-testid="audition-mark">
          ★ Audition
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Tooltip label="This account's first order">
      <Badge color="grape" variant="light" size="sm" style={WHOLE} data-testid="first-order-mark">
        First order
      </Badge>
    </Tooltip>
  );
}
