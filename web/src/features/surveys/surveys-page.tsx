// Admin → Surveys (docs/surveys.md): each survey's wording, and which scales it asks.
import { Alert, Badge, Button, Grid, Loader, NavLink, Paper, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import type { Survey, UpdateSurvey } from '../../../../contract/surveys';
import { ApiError } from '../../lib/api';
import { RequireAdmin } from '../admin/require-admin';
import { useSaveSurvey, useSurveys } from './api';

const QUESTIONS = [
  ['csatQuestion', 'CSAT: satisfied, 1–5'],
  ['npsQuestion', 'NPS: would recommend, 0–10'],
  ['cesQuestion', 'CES: effort, 1–7'],
  ['commentQuestion', 'Comment'],
] as const;

function SurveyEditor({ survey }: { survey: Survey }) {
  const save = useSaveSurvey(survey.key);
  const [draft, setDraft] = useState<Survey>(survey);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = () => {
    const body: UpdateSurvey = {
      name: draft.name,
      intro: draft.intro,
      csatQuestion: draft.csatQuestion,
      npsQuestion: draft.npsQuestion,
      cesQuestion: draft.cesQuestion,
      commentQuestion: draft.commentQuestion,
    };
    void save.mutateAsync(body).then(
      () => {
        setErrors({});
        notifications.show({ color: 'green', message: `Saved: ${draft.name}` });
      },
      (err: unknown) => {
        if (err instanceof ApiError) setErrors(err.fieldErrors());
        notifications.show({ color: 'red', title: 'Not saved', message: err instanceof Error ? err.message : String(err) });
      },
    );
  };
  return (
    <Stack gap="sm">
      <Title order={2} fz="h3">
        {survey.name} <Badge variant="light">{survey.touchpoint.replace(/_/g, ' ')}</Badge>
      </Title>
      <TextInput
        label="Name (the mail's subject and the page's title)"
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
        error={errors['name']}
      />
      <Textarea
        label="Introduction"
        autosize
        minRows={2}
        value={draft.intro}
        onChange={(e) => setDraft({ ...draft, intro: e.currentTarget.value })}
        error={errors['intro']}
      />
      {QUESTIONS.map(([field, label]) => {
        const asked = draft[field] !== null;
        return (
          <Stack key={field} gap={4}>
            <Switch
              label={`Ask ${label}`}
              checked={asked}
              onChange={(e) => setDraft({ ...draft, [field]: e.currentTarget.checked ? (survey[field] ?? '') : null })}
            />
            {asked && (
              <TextInput
                aria-label={label}
                value={draft[field] ?? ''}
                onChange={(e) => setDraft({ ...draft, [field]: e.currentTarget.value })}
                error={errors[field]}
              />
            )}
          </Stack>
        );
      })}
      <div>
        <Button onClick={submit} loading={save.isPending}>
          Save survey
        </Button>
      </div>
    </Stack>
  );
}

export function SurveysPage() {
  const surveys = useSurveys();
  const [key, setKey] = useState<string | null>(null);
  if (surveys.isLoading) return <Loader aria-label="Loading surveys" />;
  if (surveys.isError) return <Alert color="red">Could not load the surveys: {surveys.error.message}</Alert>;
  const list = surveys.data ?? [];
  const shown = list.find((s) => s.key === key) ?? list[0];
  return (
    <RequireAdmin title="Surveys">
      <Stack gap="md">
        <div>
          <Title order={1}>Surveys</Title>
          <Text c="dimmed" size="sm">
            A short survey after each touchpoint: a survey step of a playbook sends it, or anyone on the account page. Each link takes one
            answer; an answer at or past the detractor thresholds (Settings) is marked.
          </Text>
        </div>
        <Grid>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Paper withBorder p={4}>
              {list.map((s) => (
                <NavLink
                  key={s.key}
                  label={s.name}
                  description={s.isBuiltin ? undefined : 'your own'}
                  active={s.key === shown?.key}
                  onClick={() => setKey(s.key)}
                />
              ))}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>{shown && <SurveyEditor key={shown.key} survey={shown} />}</Grid.Col>
        </Grid>
      </Stack>
    </RequireAdmin>
  );
}
