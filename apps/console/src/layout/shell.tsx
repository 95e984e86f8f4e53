import { AppShell, Burger, Group, NavLink, Text, Button, Title, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/use-session';
import { sessionStore } from '../auth/session';
import { ReloginModal } from '../auth/relogin-modal';
import { LanguageSwitch } from './language-switch';
import { menuFor } from './menu';

/** The staff console's frame: the menu the person's roles open, who is signed in, the language. */
export function Shell() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const menu = menuFor(session.claims.roles);
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu')} />
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
          </Group>
          <Group wrap="nowrap" gap="sm">
            <Text size="sm" visibleFrom="sm" data-testid="signed-in-as">
              {session.claims.sub}
              {session.claims.agency ? ` · ${session.claims.agency}` : ''}
            </Text>
            <LanguageSwitch />
            <Button size="xs" variant="default" onClick={() => sessionStore.signOut()}>
              {t('login.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('app.menu')}>
        <ScrollArea>
          {menu.map((entry) => (
            <NavLink
              key={entry.path}
              component={Link}
              to={entry.path}
              label={t(entry.label)}
              active={location.pathname.startsWith(entry.path)}
              // Filled: the active entry stays legible under the pointer too (WCAG AA contrast).
              color="blue.9"
              variant="filled"
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      <ReloginModal />
    </AppShell>
  );
}
