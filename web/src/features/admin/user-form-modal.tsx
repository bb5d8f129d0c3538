import { Alert, Anchor, Button, Group, Modal, MultiSelect, PasswordInput, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '../../lib/notify';
import { useState } from 'react';
import { Link } from 'react-router';
import { CreateUserSchema, UpdateUserSchema, UserEntity, type User } from '../../../../contract/auth';
import { ROLES } from '../../../../contract/common';
import { ROLE_LABELS } from '../../lib/format';
import { useSession } from '../../lib/session';
import { formDefaults, formFields, formInput, formValuesOf, wordsOf, type FormValues } from '../../lib/entity-form';
import { applyServerErrors, asYouType, zodValidate } from '../../lib/zod-form';
import { useSaveUser } from './api';

/** The fields of a PATCH (a new user's are the same less `active`), as the declaration has them (UserEntity). */
type UserValues = FormValues<typeof UserEntity.fields, 'update'>;

const FIELDS = formFields(UserEntity, 'update');
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] ?? r }));

/** Blanks are null (cleared); an empty password is left out (kept). */
const toInput = (v: UserValues, isEdit: boolean) => formInput(UserEntity, v, isEdit ? 'update' : 'create');

/** Add a staff member, or change one (roles, email, active). Mounted fresh per user so nothing leaks between them. */
export function UserFormModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const isEdit = user !== null;
  // Your own password changes on your profile, confirmed by the current one (the API refuses it here).
  const me = useSession().user;
  const isSelf = isEdit && me?.id === user.id;
  const save = useSaveUser(user);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<UserValues>({
    initialValues: user ? formValuesOf(UserEntity, user, 'update') : { ...formDefaults(UserEntity, 'update'), active: true },
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
          <TextInput {...wordsOf(UserEntity, 'name')} required data-autofocus {...form.getInputProps('name')} />
          <TextInput {...wordsOf(UserEntity, 'email')} type="email" {...form.getInputProps('email')} />
          <MultiSelect
            {...wordsOf(UserEntity, 'roles')}
            data={ROLE_OPTIONS}
            placeholder={form.values.roles.length ? undefined : 'Pick one or more'}
            searchable
            clearable
            {...form.getInputProps('roles')}
          />
          <TextInput {...wordsOf(UserEntity, 'externalRef')} {...form.getInputProps('externalRef')} />
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
