import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoginSchema } from '../../../../contract/auth';
import { ApiError } from '../../lib/api';
import { formatWait } from '../../lib/format';
import { useSession } from '../../lib/session';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useSignIn } from './api';
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
  const { user } = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  // A 429 locks sign-in for this email until Retry-After has passed; the button says how long.
  const [throttle, setThrottle] = useState<{ email: string; until: number } | null>(null);
  const wait = useCountdown(throttle?.until ?? null);
  const form = useForm<LoginValues>({
    initialValues: { email: '', password: '' },
    validate: zodValidate(LoginSchema),
    ...asYouType,
  });

  if (user) return <Navigate to={next} replace />;
  const isWaiting = wait > 0 && throttle?.email === form.values.email;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    setThrottle(null);
    try {
      await signIn.mutateAsync(values);
      void navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) {
        setThrottle({ email: values.email, until: Date.now() + (err.retryAfter ?? 60) * 1000 });
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
          {isWaiting && (
            <Alert color="orange" variant="light" title="Too many sign-in attempts" role="alert">
              To protect this account, sign-in is paused. Try again in {formatWait(wait)}.
            </Alert>
          )}
          {error && !isWaiting && (
            <Alert color="red" variant="light" title="Could not sign you in" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Email" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={form.submitting} disabled={isWaiting} fullWidth mt="xs">
            {isWaiting ? `Wait ${formatWait(wait)}` : 'Sign in'}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
