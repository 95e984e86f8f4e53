import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { MantineProvider, createTheme, Loader, Center } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import './console.css';
import './i18n/i18n';
import { ApiProblem } from './api/problems';
import { Shell } from './layout/shell';
import { LoginPage } from './auth/login-page';
import { useSession } from './auth/use-session';
import { homeFor } from './layout/menu';
import { ConsoleDates } from './common/day-input';

const DeskPage = lazy(() => import('./desk/desk-page').then((m) => ({ default: m.DeskPage })));
const PostalPage = lazy(() => import('./desk/postal-page').then((m) => ({ default: m.PostalPage })));
const PortalPage = lazy(() => import('./desk/portal-page').then((m) => ({ default: m.PortalPage })));
const OnlinePage = lazy(() => import('./desk/online-page').then((m) => ({ default: m.OnlinePage })));
const InboxPage = lazy(() => import('./inbox/inbox-page').then((m) => ({ default: m.InboxPage })));
const DossiersPage = lazy(() => import('./trace/dossiers-page').then((m) => ({ default: m.DossiersPage })));
const TracePage = lazy(() => import('./trace/trace-page').then((m) => ({ default: m.TracePage })));
const DesignerPage = lazy(() =>
  import('./designer/designer-page').then((m) => ({ default: m.DesignerPage })),
);
const AdminPage = lazy(() => import('./admin/admin-page').then((m) => ({ default: m.AdminPage })));
const ReportsPage = lazy(() => import('./reports/reports-page').then((m) => ({ default: m.ReportsPage })));
const WhatIfPage = lazy(() => import('./reports/what-if-page').then((m) => ({ default: m.WhatIfPage })));

// Colours chosen for WCAG 2.1 AA contrast with white text (checked by axe-core in the browser tests).
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif',
});

// Darker error, dimmed and placeholder text than Mantine's defaults: WCAG 2.1 AA contrast on white.
const contrast = () => ({
  variables: {},
  light: {
    '--mantine-color-error': '#c92a2a',
    '--mantine-color-dimmed': '#495057',
    '--mantine-color-placeholder': '#5c636a',
  },
  dark: {},
});

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a network blip or a 503 may.
      retry: (count, error) => count < 2 && !(error instanceof ApiProblem && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});

function Home() {
  const session = useSession();
  return <Navigate to={session ? homeFor(session.claims.roles) : '/login'} replace />;
}

const loading = (
  <Center h={200}>
    <Loader aria-label="…" />
  </Center>
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={contrast}>
      <ConsoleDates>
        <QueryClientProvider client={queries}>
          <BrowserRouter basename="/console">
            <Suspense fallback={loading}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route element={<Shell />}>
                  <Route index element={<Home />} />
                  <Route path="/desk" element={<DeskPage />} />
                  <Route path="/postal" element={<PostalPage />} />
                  <Route path="/portal" element={<PortalPage />} />
                  <Route path="/online" element={<OnlinePage />} />
                  <Route path="/inbox" element={<InboxPage />} />
                  <Route path="/dossiers" element={<DossiersPage />} />
                  <Route path="/dossiers/:code" element={<TracePage />} />
                  <Route path="/reports" element={<ReportsPage />} />
                  <Route path="/what-if" element={<WhatIfPage />} />
                  <Route path="/designer" element={<DesignerPage />} />
                  <Route path="/admin" element={<AdminPage />} />
                  <Route path="*" element={<Home />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </ConsoleDates>
    </MantineProvider>
  </StrictMode>,
);
