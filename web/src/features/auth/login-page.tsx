import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoginSchema } from '../../../../contract/auth';
import { ApiError, post } from '../../lib/api';
import { formatWait } from '../../lib/format';
import { useSession } from '../../lib/session';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { AuthFrame } from './auth-frame';
import { safeNext } from './safe-next';

interface LoginValues {
  email: string;
  password: string;
}

/** Seconds left until `until` (ms since epoch), ticking once a second; 0 when there is nothing to wait for. */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}

export function LoginPage() {
  const { user, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [retryUntil, setRetryUntil] = useState<number | null>(null);
  const wait = useCountdown(retryUntil);
  const form = useForm<LoginValues>({
    initialValues: { email: '', password: '' },
    validate: zodValidate(LoginSchema),
    ...asYouType,
  });

  if (user) return <Navigate to={next} replace />;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await post('/auth/login', values);
      await refresh();
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        const seconds = err.retryAfter ?? 60;
        setRetryUntil(Date.now() + seconds * 1000);
        setError(`Too many sign-in attempts. Wait ${formatWait(seconds)}, then try again.`);
        return;
      }
      if (err instanceof ApiError && err.code === 'auth.bad_credentials') {
        setError('The email or the password is wrong.');
        return;
      }
      setError(applyServerErrors(form, err, ['email', 'password']));
    }
  });

  return (
    <AuthFrame title="Sign in" subtitle="Welcome back. Sign in with your work email.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" title="Could not sign you in" role="alert">
              {error}
              {wait > 0 && ` (${formatWait(wait)} left)`}
            </Alert>
          )}
          <TextInput label="Email" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={form.submitting} disabled={wait > 0} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
