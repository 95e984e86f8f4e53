import { Modal, Text, Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { LoginForm } from './login-form';
import { useSession } from './use-session';
import { sessionStore } from './session';

/**
 * When the token has expired: the password again, over the page as it is (a form keeps what was
 * typed), then the queries that failed meanwhile are fetched again.
 */
export function ReloginModal() {
  const { t } = useTranslation();
  const session = useSession();
  const queries = useQueryClient();
  if (!session?.expired) return null;
  return (
    <Modal opened onClose={() => undefined} withCloseButton={false} title={t('login.expiredTitle')} centered>
      <Text mb="md">{t('login.expired')}</Text>
      <LoginForm personId={session.claims.sub} onDone={() => void queries.invalidateQueries()} />
      <Group justify="flex-end" mt="md">
        <Button variant="subtle" onClick={() => sessionStore.signOut()}>
          {t('login.signOut')}
        </Button>
      </Group>
    </Modal>
  );
}
