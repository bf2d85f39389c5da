export const ROLES = ['owner', 'manager', 'cashier', 'receptionist', 'professional'] as const;
export type Role = (typeof ROLES)[number];

/** The role a stored value names, or undefined when it names none. */
export function roleNamed(value: string): Role | undefined {
  return ROLES.find((r) => r === value);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Dono',
  manager: 'Gerente',
  cashier: 'Caixa',
  receptionist: 'Recepção',
  professional: 'Profissional',
};

/** What an operation needs. 'public' needs no login; 'user' needs any logged-in user. */
export type Permission =
  | 'public'
  | 'user'
  | 'store.manage'
  | 'users.manage'
  | 'catalog.manage'
  | 'customers.manage'
  | 'sales.register'
  | 'sales.discount'
  | 'sales.view'
  | 'sales.cancel'
  | 'sales.return'
  | 'sales.import'
  | 'sales.export'
  | 'cash.operate'
  | 'cash.approve'
  | 'cash.audit'
  | 'stock.manage'
  | 'agenda.view'
  | 'agenda.book'
  | 'agenda.manage'
  | 'agenda.override'
  | 'leads.view'
  | 'leads.manage'
  | 'leads.import'
  | 'leads.export'
  | 'analytics.view'
  | 'analytics.margins'
  | 'reports.view'
  | 'reports.personal'
  | 'audit.view'
  | 'backup.manage'
  | 'backup.restore'
  | 'privacy.manage'
  | 'clinical.view'
  | 'clinical.write';

const ALL: readonly Permission[] = [
  'store.manage',
  'users.manage',
  'catalog.manage',
  'customers.manage',
  'sales.register',
  'sales.discount',
  'sales.view',
  'sales.cancel',
  'sales.return',
  'sales.import',
  'sales.export',
  'cash.operate',
  'cash.approve',
  'cash.audit',
  'stock.manage',
  'agenda.view',
  'agenda.book',
  'agenda.manage',
  'agenda.override',
  'leads.view',
  'leads.manage',
  'leads.import',
  'leads.export',
  'analytics.view',
  'analytics.margins',
  // Reports (issue 15): owner and manager; personal-data exports (clientes, leads) apart.
  'reports.view',
  'reports.personal',
  // The audit trail (issue 16): owner and manager.
  'audit.view',
  // Backups, LGPD requests and consents (issue 16): owner and manager.
  'backup.manage',
  'privacy.manage',
  // Restoring a backup replaces the whole database (issue 16): the owner only.
  'backup.restore',
  // Clinical notes are health data (issue 16): owner and professional, not the manager.
  'clinical.view',
  'clinical.write',
];

/**
 * The role matrix (ARCHITECTURE.md, "Who sees and does what"): `cash.audit` reads and operates
 * any register's caixa and Z reports (others: only their own register); `sales.export` takes
 * sales out of the store; a receptionist takes payments (`sales.register`) into a caixa someone
 * with `cash.operate` opened; sangria above the store's limit needs `cash.approve`.
 */
const GRANTS: Record<Role, readonly Permission[]> = {
  owner: ALL,
  manager: ALL.filter(
    (p) => p !== 'users.manage' && p !== 'store.manage' && p !== 'backup.restore' && !p.startsWith('clinical.'),
  ),
  cashier: ['sales.register', 'sales.view', 'customers.manage', 'cash.operate', 'agenda.view'],
  // The receptionist works the leads (issue 12); exporting them is for owner and manager.
  receptionist: [
    'customers.manage',
    'sales.view',
    'sales.register',
    'leads.view',
    'leads.manage',
    'leads.import',
    'agenda.view',
    'agenda.book',
  ],
  // A professional sees and changes only their own agenda (app/scheduling/agenda.access.ts).
  professional: ['agenda.view', 'agenda.book', 'clinical.view', 'clinical.write'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  if (permission === 'public' || permission === 'user') return true;
  return GRANTS[role].includes(permission);
}
