import { Alert, Badge, Box, Button, Group, SegmentedControl, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useRef, useState } from 'react';
import type { PlaybookDetail, PlaybookIssue, PlaybookPreview } from '../../../../contract/playbooks';
import { ApiError, otherFailure } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { LockIcon } from '../tasks/lock-icon';
import { roleLabel } from '../tasks/model';
import { usePreviewPlaybook, useSavePlaybook } from './api';
import { PlaybookForm } from './playbook-form';

const LINE = 20;

function issuesOf(err: unknown): PlaybookIssue[] | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  return (err.problem.errors ?? []).map((e) => ({ path: e.path, message: e.message, line: (e as { line?: number | null }).line ?? null }));
}

/** The playbook's YAML/JSON in a monospace editor; the server validates, errors sit next to their line. */
export function PlaybookEditor({ playbook }: { playbook: PlaybookDetail }) {
  const [source, setSource] = useState(playbook.source);
  const [view, setView] = useState<'form' | 'yaml'>('form');
  const [issues, setIssues] = useState<PlaybookIssue[]>([]);
  const [general, setGeneral] = useState<string | null>(null);
  const [preview, setPreview] = useState<PlaybookPreview | null>(null);
  const [previewedSource, setPreviewedSource] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = source.split('\n');
  const byLine = new Map<number, PlaybookIssue[]>();
  for (const i of issues) if (i.line !== null) byLine.set(i.line, [...(byLine.get(i.line) ?? []), i]);

  const onError = (err: unknown) => {
    const found = issuesOf(err);
    if (found && found.length > 0) {
      setIssues(found);
      const first = found.find((i) => i.line !== null)?.line;
      if (first && area.current) area.current.scrollTop = Math.max(0, (first - 4) * LINE);
      setGeneral(null);
    } else
      setGeneral(
        err instanceof ApiError
          ? (err.problem.detail ?? err.message)
          : otherFailure(err, 'The server could not be reached. Your text is kept.'),
      );
  };

  const runPreview = usePreviewPlaybook(playbook.key);
  const previewSource = (text: string) =>
    void runPreview.mutateAsync(text).then(
      (p) => {
        setPreview(p);
        setPreviewedSource(text);
        setIssues([]);
        setGeneral(null);
      },
      (err) => {
        setPreview(null);
        onError(err);
      },
    );
  const save = useSavePlaybook(playbook.key);
  const saveIt = (text: string) =>
    void save.mutateAsync(text).then((saved) => {
      setIssues([]);
      setGeneral(null);
      notifications.show({ color: 'green', message: `Saved ${saved.key} as version ${saved.version}. Running runs keep their version.` });
    }, onError);

  const goToLine = (line: number) => {
    const el = area.current;
    if (!el) return;
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    el.scrollTop = Math.max(0, (line - 4) * LINE);
  };

  const changed = source !== playbook.source;
  const previewFresh = preview !== null && previewedSource === source;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Edit the steps in the form, or the document as YAML or JSON — both change the same text. Preview checks it and shows the timeline a
        sample order would get; saving makes version {playbook.version + 1}. Runs already going keep the version they started with.
      </Text>
      {general && (
        <Alert color="red" variant="light" role="alert" title="Not saved">
          {general}
        </Alert>
      )}
      {issues.length > 0 && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={`${issues.length} problem${issues.length === 1 ? '' : 's'} in the document — nothing was saved`}
        >
          <Stack gap={2}>
            {issues.map((i, n) => (
              <Group key={n} gap={6} wrap="nowrap" align="flex-start" data-testid="playbook-error" data-line={i.line ?? undefined}>
                {i.line !== null ? (
                  <UnstyledButton onClick={() => goToLine(i.line!)} aria-label={`Go to line ${i.line}`}>
                    <Badge color="red" variant="filled" size="sm" ff="monospace" style={{ cursor: 'pointer' }}>
                      line {i.line}
                    </Badge>
                  </UnstyledButton>
                ) : (
                  <Badge color="gray" variant="light" size="sm">
                    document
                  </Badge>
                )}
                <Text size="sm">
                  <Text span ff="monospace" size="sm">
                    {i.path}
                  </Text>
                  : {i.message}
                </Text>
              </Group>
            ))}
          </Stack>
        </Alert>
      )}
      <SegmentedControl
        aria-label="View"
        value={view}
        onChange={(v) => setView(v === 'yaml' ? 'yaml' : 'form')}
        data={[
          { value: 'form', label: 'Form' },
          { value: 'yaml', label: 'YAML' },
        ]}
        style={{ alignSelf: 'flex-start' }}
        data-testid="playbook-view"
      />
      {view === 'form' ? (
        <PlaybookForm source={source} onChange={setSource} />
      ) : (
        <Box
          style={{
            display: 'flex',
            border: '1px solid var(--mantine-color-gray-4)',
            borderRadius: 4,
            height: 480,
            overflow: 'hidden',
            fontFamily: 'var(--mantine-font-family-monospace)',
            fontSize: 13,
          }}
        >
          <div
            ref={gutter}
            aria-hidden
            style={{
              overflow: 'hidden',
              background: 'var(--mantine-color-gray-0)',
              borderRight: '1px solid var(--mantine-color-gray-3)',
              userSelect: 'none',
              flexShrink: 0,
            }}
          >
            <div style={{ padding: '8px 0' }}>
              {lines.map((_, i) => {
                const bad = byLine.get(i + 1);
                return (
                  <div
                    key={i}
                    title={bad?.map((b) => `${b.path}: ${b.message}`).join('\n')}
                    style={{
                      height: LINE,
                      lineHeight: `${LINE}px`,
                      padding: '0 8px',
                      textAlign: 'right',
                      minWidth: 44,
                      color: bad ? 'white' : 'var(--mantine-color-gray-6)',
                      background: bad ? 'var(--mantine-color-red-7)' : undefined,
                      fontWeight: bad ? 700 : 400,
                    }}
                  >
                    {bad ? '✕ ' : ''}
                    {i + 1}
                  </div>
                );
              })}
            </div>
          </div>
          <textarea
            ref={area}
            aria-label={`Source of playbook ${playbook.key}`}
            aria-invalid={issues.length > 0}
            data-testid="playbook-source"
            value={source}
            spellCheck={false}
            wrap="off"
            onChange={(e) => setSource(e.currentTarget.value)}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
            style={{
              flex: 1,
              border: 0,
              resize: 'none',
              padding: 8,
              lineHeight: `${LINE}px`,
              fontFamily: 'inherit',
              fontSize: 'inherit',
              whiteSpace: 'pre',
              overflow: 'auto',
              tabSize: 2,
            }}
          />
        </Box>
      )}
      <Group gap="sm">
        <Button variant="default" onClick={() => previewSource(source)} loading={runPreview.isPending} data-testid="preview-playbook">
          Preview timeline
        </Button>
        <Button onClick={() => saveIt(source)} loading={save.isPending} disabled={!changed} data-testid="save-playbook">
          Save as version {playbook.version + 1}
        </Button>
        {changed && (
          <Button
            variant="subtle"
            color="gray"
            onClick={() => {
              setSource(playbook.source);
              setIssues([]);
              setGeneral(null);
            }}
          >
            Discard changes
          </Button>
        )}
        {changed && !previewFresh && (
          <Text size="xs" c="dimmed">
            Preview before saving to see the timeline it makes.
          </Text>
        )}
      </Group>
      {preview && (
        <Stack gap={4} data-testid="playbook-preview">
          <Text fw={600}>Timeline for a sample order placed now{previewFresh ? '' : ' (of an earlier text — preview again)'}</Text>
          <Table.ScrollContainer minWidth={600}>
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Due</Table.Th>
                  <Table.Th>Step</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>After</Table.Th>
                  <Table.Th>Gate</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...preview.items]
                  .sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999'))
                  .map((i) => (
                    <Table.Tr key={i.stepKey} data-testid="preview-item">
                      <Table.Td>{i.dueAt ? formatDateTime(i.dueAt) : 'when its event happens'}</Table.Td>
                      <Table.Td>{i.title}</Table.Td>
                      <Table.Td>{i.role.startsWith('account_team:') ? `Account’s ${roleLabel(i.role)}` : roleLabel(i.role)}</Table.Td>
                      <Table.Td>{i.kind}</Table.Td>
                      <Table.Td ff="monospace" fz="xs">
                        {i.requires.join(', ') || '—'}
                      </Table.Td>
                      <Table.Td>
                        {i.gate ? (
                          <>
                            <LockIcon /> {i.gate}
                          </>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Stack>
  );
}
