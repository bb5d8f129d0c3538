import { Badge, Tooltip } from '@mantine/core';

/** The one mark a first order carries on every list (docs/ux.md): "Audition" for big accounts, "First order" otherwise. */
export function FirstOrderMark({ isFirstOrder, isAudition }: { isFirstOrder: boolean; isAudition: boolean }) {
  if (!isFirstOrder) return null;
  if (isAudition) {
    return (
      <Tooltip label="First order of a big account: the paid audition. Every step gets extra care.">
        <Badge color="grape" variant="filled" size="sm" data-testid="audition-mark">
          ★ Audition
        </Badge>
      </Tooltip>
    );
  }
  return (
    <Tooltip label="This account's first order">
      <Badge color="grape" variant="light" size="sm" data-testid="first-order-mark">
        First order
      </Badge>
    </Tooltip>
  );
}
