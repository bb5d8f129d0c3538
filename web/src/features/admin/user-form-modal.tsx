import { Alert, Anchor, Button, Group, Modal, MultiSelect, PasswordInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { CreateUserSchema, UpdateUserSchema, type User } from '../../../../contract/auth';
import { ROLES } from '../../../../contract/common';
import { ROLE_LABELS } from '../../lib/format';
import { useSession } from '../../lib/session';
import { applyServerErrors, asYouType, blankToNull, zodValidate } from '../../lib/zod-form';
import { useSaveUser } from './api';

interface UserValues {
  name: string;
  email: string;
  externalRef: string;
  roles: string[];
  active: boolean;
  password: string;
}

const FIELDS = ['name', 'email', 'externalRef', 'roles', 'active', 'password'] as const;
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }));

function toInput(v: UserValues, isEdit: boolean) {
  return {
    name: v.name,
    email: blankToNull(v.email),
    externalRef: blankToNull(v.externalRef),
    roles: v.roles,
    ...(isEdit && { active: v.active }),
    ...(v.password !== '' && { password: v.password }),
  };
}

/** Add a staff member, or change one (roles, email, active). Mounted fresh per user so nothing leaks between them. */
export function UserFormModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const isEdit = user !== null;
  // Your own password changes on your profile, confirmed by the current one (the API refuses it here).
  const me = useSession().user;
  const isSelf = isEdit && me?.id === user.id;
  const save = useSaveUser(user);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<UserValues>({
    initialValues: {
      name: user?.name ?? '',
      email: user?.email ?? '',
      externalRef: user?.externalRef ?? '',
      roles: user?.roles ?? [],
      active: user?.active ?? true,
      password: '',
    },
    validate: zodValidate(isEdit ? UpdateUserSchema : CreateUserSchema, (v: UserValues) => toInput(v, isEdit)),
    ...asYouType,
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      // Validated with this schema on submit; parsed, it is the typed body the API takes.
      const saved = await save.mutateAsync((isEdit ? UpdateUserSchema : CreateUserSchema).parse(toInput(values, isEdit)));
      notifications.show({ color: 'green', message: isEdit ? `Saved ${saved.name}.` : `Added ${saved.name}.` });
      onClose();
    } catch (err) {
      setError(applyServerErrors(form, err, FIELDS));
    }
  });

  return (
    <Modal opened onClose={onClose} title={isEdit ? `Edit ${user.name}` : 'Add a user'} size="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            type="email"
            description="Without an email this person cannot sign in (fine for reps imported from the ERP)."
            {...form.getInputProps('email')}
          />
          <MultiSelect
            label="Roles"
            data={ROLE_OPTIONS}
            placeholder={form.values.roles.length ? undefined : 'Pick one or more'}
            searchable
            clearable
            {...form.getInputProps('roles')}
          />
          <TextInput
            label="External reference"
            description="This person's id in your ERP, if any."
            {...form.getInputProps('externalRef')}
          />
          {isSelf ? (
            <Text size="sm" c="dimmed">
              Your own password changes on{' '}
              <Anchor component={Link} to="/profile">
                your profile
              </Anchor>
              , with your current one.
            </Text>
          ) : (
            <PasswordInput
              label={isEdit ? 'New password' : 'Initial password'}
              description={
                isEdit
                  ? 'Leave empty to keep the current password. A new one signs them out everywhere.'
                  : 'Optional. At least 10 characters, not a common password; share it privately.'
              }
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
          )}
          {isEdit && <Switch label="Active (can sign in and be assigned work)" {...form.getInputProps('active', { type: 'checkbox' })} />}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={form.submitting}>
              {isEdit ? 'Save changes' : 'Add user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
