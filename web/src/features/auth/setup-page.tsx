import { Alert, Button, Center, Code, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { SetupSchema } from '../../../../contract/auth';
import { ApiError } from '../../lib/api';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useCompleteSetup, useSetupLink } from './api';
import { AuthFrame } from './auth-frame';

interface SetupValues {
  name: string;
  email: string;
  password: string;
  confirm: string;
}

function InvalidLink() {
  return (
    <AuthFrame
      title="This setup link no longer works"
      subtitle="A setup link works once, for 24 hours, and only until Rapport has an administrator."
    >
      <Text size="sm">If Rapport is already set up, sign in, or ask your administrator for an account.</Text>
      <Text size="sm">
        If nobody has set it up yet, restart Rapport to print a fresh link, or create an administrator on the server (it asks for a
        password):
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        npx rapport admin create --email you@example.com --name "Your Name"
      </Code>
      <Button component={Link} to="/login" variant="light">
        Go to sign in
      </Button>
    </AuthFrame>
  );
}

export function SetupPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [isUsed, setIsUsed] = useState(false);
  const check = useSetupLink(token);
  const setup = useCompleteSetup();
  const form = useForm<SetupValues>({
    initialValues: { name: '', email: '', password: '', confirm: '' },
    validate: zodValidate(
      SetupSchema,
      ({ confirm: _confirm, ...v }: SetupValues) => ({ ...v, token }),
      (v) => (v.confirm !== '' && v.confirm !== v.password ? { confirm: 'The two passwords differ' } : {}),
    ),
    ...asYouType,
  });

  if (check.isLoading) {
    return (
      <Center h="100vh">
        <Loader aria-label="Checking the setup link" />
      </Center>
    );
  }
  if (isUsed || check.data?.valid === false || (check.error instanceof ApiError && check.error.status < 500)) return <InvalidLink />;

  const submit = form.onSubmit(async ({ confirm, ...values }) => {
    setError(null);
    if (confirm !== values.password) {
      form.setFieldError('confirm', 'The two passwords differ');
      return;
    }
    try {
      await setup.mutateAsync({ ...values, token });
      void navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'auth.setup_invalid') {
        setIsUsed(true);
        return;
      }
      setError(applyServerErrors(form, err, ['name', 'email', 'password']));
    }
  });

  return (
    <AuthFrame title="Set up Rapport" subtitle="Create the first administrator. You can add your colleagues next.">
      {check.isError && (
        <Alert color="yellow" variant="light">
          Could not check this link ({check.error.message}). You can still try.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" title="Could not finish setup" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Your name" autoComplete="name" required autoFocus {...form.getInputProps('name')} />
          <TextInput label="Work email" type="email" autoComplete="email" required {...form.getInputProps('email')} />
          <PasswordInput
            label="Password"
            description="At least 10 characters"
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordInput label="Password again" autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <Button type="submit" loading={form.submitting} fullWidth mt="xs">
            Create administrator and sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
