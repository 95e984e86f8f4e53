import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { api } from '../api/client';
import { toProblem } from '../api/problems';
import { sessionStore } from './session';

/** Person id and password → the API's token (POST /auth/login). */
export function LoginForm({ personId: fixedPerson, onDone }: { personId?: string; onDone?: () => void }) {
  const { t, i18n } = useTranslation();
  const [personId, setPersonId] = useState(fixedPerson ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!personId.trim()) missing.personId = t('login.personIdRequired');
    if (!password) missing.password = t('login.passwordRequired');
    setErrors(missing);
    setMessage(null);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const { data, error, response } = await api.POST('/auth/login', {
        body: { personId: personId.trim(), password } as never,
      });
      if (!response.ok || !data) {
        const problem = toProblem(response.status, error);
        setErrors(problem.fields);
        setMessage(response.status === 401 ? t('login.refused') : problem.text(i18n.language));
        return;
      }
      sessionStore.signIn((data as { access_token: string }).access_token);
      onDone?.();
    } catch {
      setMessage(t('common.networkError'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('login.title')}>
      <Stack>
        {message && (
          <Alert color="#b02525" role="alert" title={t('login.failed')}>
            {message}
          </Alert>
        )}
        <TextInput
          label={t('login.personId')}
          name="personId"
          autoComplete="username"
          value={personId}
          readOnly={!!fixedPerson}
          onChange={(e) => setPersonId(e.currentTarget.value)}
          error={errors.personId}
          required
          data-autofocus={fixedPerson ? undefined : true}
        />
        <PasswordInput
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
          required
          data-autofocus={fixedPerson ? true : undefined}
        />
        <Button type="submit" loading={busy}>
          {t('login.submit')}
        </Button>
      </Stack>
    </form>
  );
}
