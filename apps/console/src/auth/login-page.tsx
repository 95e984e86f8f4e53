import { Center, Paper, Title, Text, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LoginForm } from './login-form';
import { useSession } from './use-session';
import { sessionStore } from './session';
import { homeFor } from '../layout/menu';
import { LanguageSwitch } from '../layout/language-switch';

export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (session && !session.expired) return <Navigate to={from ?? homeFor(session.claims.roles)} replace />;
  return (
    <Center component="main" mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <Stack>
          <Title order={1} size="h2">
            {t('app.name')}
          </Title>
          <Text c="dimmed">{t('login.intro')}</Text>
          <LoginForm
            onDone={() => {
              const s = sessionStore.get();
              void navigate(from ?? homeFor(s?.claims.roles ?? []), { replace: true });
            }}
          />
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
