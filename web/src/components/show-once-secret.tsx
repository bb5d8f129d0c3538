import { Alert, Button, Code, CopyButton, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** A secret shown once (API tokens, webhook signing secrets): a warning, the value, copy, done. */
export function ShowOnceSecret(props: {
  title: string;
  warning: ReactNode;
  value: string;
  valueLabel: string;
  copyLabel: string;
  hint?: ReactNode;
  testId?: string;
  onClose: () => void;
}) {
  return (
    <Modal opened onClose={props.onClose} title={props.title} size="lg" closeOnClickOutside={false}>
      <Stack gap="sm">
        <Alert color="yellow" variant="light" title="Copy it now: it will not be shown again">
          {props.warning}
        </Alert>
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label={props.valueLabel} data-testid={props.testId}>
          {props.value}
        </Code>
        {props.hint}
        <Group justify="flex-end">
          <CopyButton value={props.value}>
            {({ copied, copy }) => (
              <Button color={copied ? 'teal' : undefined} onClick={copy}>
                {copied ? 'Copied' : props.copyLabel}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={props.onClose}>
            I have stored it
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
