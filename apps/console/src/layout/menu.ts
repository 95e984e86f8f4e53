/**
 * The console's menu: each entry with the roles the API allows on the endpoints behind it (the same
 * `@Allow` lists), so nobody sees a page that would answer 403.
 */
export interface MenuEntry {
  readonly path: string;
  readonly label: string;
  readonly roles: readonly string[];
}

/** Who reads the reports and the what-if (the API's REPORT_READERS). */
const REPORT_READERS = [
  'reception-officer',
  'agency-officer',
  'agency-head',
  'auditor',
  'administrator',
  'provincial-leader',
] as const;

export const MENU: readonly MenuEntry[] = [
  { path: '/desk', label: 'menu.desk', roles: ['reception-officer'] },
  { path: '/postal', label: 'menu.postal', roles: ['reception-officer'] },
  { path: '/portal', label: 'menu.portal', roles: ['reception-officer'] },
  { path: '/online', label: 'menu.online', roles: ['reception-officer'] },
  { path: '/inbox', label: 'menu.inbox', roles: ['agency-officer', 'agency-head', 'administrator'] },
  {
    path: '/dossiers',
    label: 'menu.dossiers',
    roles: ['reception-officer', 'agency-officer', 'agency-head', 'auditor', 'administrator'],
  },
  {
    path: '/reports',
    label: 'menu.reports',
    roles: REPORT_READERS,
  },
  {
    path: '/what-if',
    label: 'menu.whatIf',
    roles: REPORT_READERS,
  },
  { path: '/designer', label: 'menu.designer', roles: ['procedure-designer', 'administrator'] },
  { path: '/admin', label: 'menu.admin', roles: ['administrator'] },
];

export function menuFor(roles: readonly string[]): MenuEntry[] {
  return MENU.filter((entry) => entry.roles.some((r) => roles.includes(r)));
}

/** Where a person lands after logging in: the first page their roles open. */
export function homeFor(roles: readonly string[]): string {
  return menuFor(roles)[0]?.path ?? '/dossiers';
}
