import { describe, expect, it } from 'vitest';
import { roleHas, ROLES, type Role } from '../auth/roles';
import { expectOk, openSetUpApp } from '../../test/helpers';
import { addUser } from '../cash/cash.fixtures';
import { newSession } from './context';
import { operations } from './operations';

/**
 * The role × operation matrix, written out: who may call what. A new operation, or a changed
 * permission, fails here until this table (and ARCHITECTURE.md "Who sees what") says so.
 * 'all' includes the professional role, which has no grants: it may only read what every user
 * may, and receives it shaped (see visibility.test.ts for the role × field matrix).
 */
const MAY_CALL: Record<string, string> = {
  'app.status': 'all',
  'store.setup': 'all',
  'store.get': 'all',
  'store.update': 'owner',
  'store.logo': 'all',
  'store.set_logo': 'owner',
  'device.printing.set': 'owner',
  'registers.list': 'all',
  'device.register.set': 'owner manager cashier',
  'registers.upsert': 'owner',
  'sales.register': 'owner manager cashier receptionist',
  'sales.pay': 'owner manager cashier receptionist',
  'sales.cancel': 'owner manager',
  'sales.return': 'owner manager',
  'sales.fiscal': 'owner manager cashier receptionist',
  'sales.discount': 'owner manager cashier receptionist',
  'sales.get': 'owner manager cashier receptionist',
  'sales.query': 'owner manager cashier receptionist',
  'sales.export': 'owner manager',
  'sales.apply': 'owner manager',
  'auth.login': 'all',
  'auth.logout': 'all',
  'auth.me': 'all',
  'users.list': 'owner',
  'users.create': 'owner',
  'users.update': 'owner',
  'cash.open': 'owner manager cashier',
  'cash.movement': 'owner manager cashier',
  'cash.summary': 'owner manager cashier',
  'cash.close': 'owner manager cashier',
  'cash.closings': 'owner manager cashier',
  'cash.verify-chain': 'owner manager cashier',
  'cash.report': 'owner manager cashier',
  'catalog.upsertProduct': 'owner manager',
  'catalog.get': 'all',
  'catalog.list': 'all',
  'catalog.search': 'all',
  'catalog.lookupBarcode': 'all',
  'catalog.removeBarcode': 'owner manager',
  'catalog.import': 'owner manager',
  'commissionRules.set': 'owner',
  'commissionRules.list': 'owner',
  'customers.upsert': 'owner manager cashier receptionist',
  'customers.quickCreate': 'owner manager cashier receptionist',
  'customers.find': 'all',
  'customers.get': 'all',
  'salespeople.upsert': 'owner',
  'salespeople.list': 'all',
  'locations.list': 'all',
  'locations.upsert': 'owner',
  'stock.receive': 'owner manager',
  'stock.adjust': 'owner manager',
  'stock.count': 'owner manager',
  'stock.get': 'all',
  'pdv.park': 'owner manager cashier receptionist',
  'pdv.parked': 'owner manager cashier receptionist',
  'pdv.resume': 'owner manager cashier receptionist',
  'pdv.discardParked': 'owner manager cashier receptionist',
  'pdv.cash_status': 'owner manager cashier receptionist',
  'pdv.check_line': 'owner manager cashier receptionist',
  'pdv.check_discount': 'owner manager cashier receptionist',
  'counter.settings': 'all',
  'counter.settings.set': 'owner',
  'pix.charge': 'owner manager cashier receptionist',
  'sync.status': 'all',
  'sync.enrol': 'owner',
  'sync.push_now': 'all',
  // Settling a held server sale renumbers a local sale (sync.settle.ts): owner and manager.
  'sync.key_conflicts.settle': 'owner manager',
  'sync.join': 'all',
  'sync.join_status': 'all',
  // The clinic agenda (issue 11): a professional only on their own agenda (checked in the domain).
  'agenda.list': 'owner manager cashier receptionist professional',
  'agenda.slots': 'owner manager cashier receptionist professional',
  'agenda.conflicts': 'owner manager cashier receptionist professional',
  'agenda.history': 'owner manager cashier receptionist professional',
  'agenda.professionals': 'owner manager cashier receptionist professional',
  'agenda.procedures': 'owner manager cashier receptionist professional',
  'agenda.resources': 'owner manager cashier receptionist professional',
  'agenda.exceptions': 'owner manager cashier receptionist professional',
  'agenda.customer': 'owner manager cashier receptionist professional',
  'agenda.book': 'owner manager receptionist professional',
  'agenda.update': 'owner manager receptionist professional',
  'agenda.checkout': 'owner manager cashier receptionist',
  'agenda.reminders': 'owner manager receptionist professional',
  'agenda.mark_reminder_sent': 'owner manager receptionist professional',
  'agenda.set_reminder_template': 'owner manager',
  'agenda.upsert_professional': 'owner manager',
  'agenda.upsert_resource': 'owner manager',
  'agenda.add_exception': 'owner manager',
  'agenda.remove_exception': 'owner manager',
  'agenda.add_block': 'owner manager',
  'agenda.remove_block': 'owner manager',
  'agenda.demo': 'owner manager',
  // On-device analytics (issue 13): owner and manager; margins need analytics.margins (same roles).
  'analytics.rfm': 'owner manager',
  'analytics.commissions': 'owner manager',
  'analytics.margins': 'owner manager',
  'analytics.kpis': 'owner manager',
  'analytics.dashboard': 'owner manager',
  'analytics.customers': 'owner manager',
  'analytics.customer': 'owner manager',
  'analytics.patterns': 'owner manager',
  'analytics.performance': 'owner manager',
  'analytics.clv_settings': 'owner manager',
  'analytics.update_clv_settings': 'owner manager',
  // "Todas as lojas" on the Dashboard (issue 14): the sync server's consolidated KPIs.
  'analytics.consolidated_status': 'owner manager',
  'analytics.consolidated': 'owner manager',
  // The leads CRM (issue 12): receptionists work and import leads; export is owner and manager.
  'leads.list': 'owner manager receptionist',
  'leads.get': 'owner manager receptionist',
  'leads.upsert': 'owner manager receptionist',
  'leads.move': 'owner manager receptionist',
  'leads.reopen': 'owner manager receptionist',
  'leads.addActivity': 'owner manager receptionist',
  'leads.setActivityDone': 'owner manager receptionist',
  'leads.overdue': 'owner manager receptionist',
  'leads.score': 'owner manager receptionist',
  'leads.link': 'owner manager receptionist',
  'leads.merge': 'owner manager receptionist',
  'leads.convert': 'owner manager receptionist',
  'leads.attribution': 'owner manager receptionist',
  'leads.config': 'owner manager receptionist',
  'leads.setConfig': 'owner manager receptionist',
  'leads.import': 'owner manager receptionist',
  'leads.export': 'owner manager',
  // Payments completed (issue 17).
  'payments.fee_rules': 'owner manager',
  'payments.fee_rule_save': 'owner',
  'payments.crediario_settings': 'owner manager cashier receptionist professional',
  'payments.crediario_settings_save': 'owner',
  'payments.crediario_quote': 'owner manager cashier receptionist',
  'payments.set_credit_limit': 'owner manager',
  'payments.installment_quote': 'owner manager cashier receptionist',
  'payments.receive_installment': 'owner manager cashier receptionist',
  'payments.receivables': 'owner manager cashier receptionist',
  'payments.statement': 'owner manager cashier receptionist',
  'payments.calendar': 'owner manager',
  'payments.calendar_csv': 'owner manager',
  'payments.carne': 'owner manager cashier receptionist',
  'payments.expire_charges': 'owner manager',
  // The audit trail (issue 16).
  'audit.list': 'owner manager',
  'audit.verify': 'owner manager',
  // Backups (issue 16).
  'backup.status': 'owner manager',
  'backup.update_settings': 'owner manager',
  'backup.run': 'owner manager',
  'backup.restore': 'owner',
  'backup.restore_upload': 'owner',
  // Reports (issue 15): owner and manager; clientes/leads exports need reports.personal (same roles);
  // the logo is the store's (store.manage).
  'reports.options': 'owner manager',
  'reports.export': 'owner manager',
  'reports.job': 'owner manager',
  'reports.cancel': 'owner manager',
  'reports.recent': 'owner manager',
  'reports.file': 'owner manager',
  'reports.open': 'owner manager',
  // LGPD (issue 16).
  'consents.list': 'owner manager cashier receptionist',
  'consents.grant': 'owner manager cashier receptionist',
  'consents.revoke': 'owner manager cashier receptionist',
  'privacy.requests': 'owner manager',
  'privacy.open_request': 'owner manager',
  'privacy.close_request': 'owner manager',
  'privacy.export': 'owner manager',
  'privacy.anonymize': 'owner manager',
  'clinical.view': 'owner professional',
  'clinical.add': 'owner professional',
  'lock.settings': 'all',
  'lock.update_settings': 'owner',
};

function allowed(entry: string): Role[] {
  return entry === 'all' ? [...ROLES] : (entry.split(' ') as Role[]);
}

describe('the permission matrix', () => {
  it('lists every operation of the contract, and no other', () => {
    expect(Object.keys(operations).sort()).toEqual(Object.keys(MAY_CALL).sort());
  });

  it('each role may call exactly the operations the matrix gives it', () => {
    const wrong: string[] = [];
    for (const [name, def] of Object.entries(operations)) {
      const expected = allowed(MAY_CALL[name] ?? '');
      for (const role of ROLES) {
        if (roleHas(role, def.permission) !== expected.includes(role)) wrong.push(`${role} ${name}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the dispatcher refuses the professional every operation outside the matrix (inputs that need nothing)', async () => {
    const { app } = await openSetUpApp();
    addUser(app, 'pro', 'professional', '2468');
    const pro = newSession();
    expectOk(app.dispatch('auth.login', { login: 'pro', pin: '2468' }, pro));
    for (const name of ['users.list', 'commissionRules.list', 'pdv.parked', 'cash.summary', 'sales.query']) {
      const r = app.dispatch(name, {}, pro);
      expect(r.ok ? 'ok' : r.error.code, name).toBe('forbidden');
    }
    for (const name of ['customers.find', 'salespeople.list', 'store.get']) {
      const r = app.dispatch(name, name === 'customers.find' ? { query: 'a' } : {}, pro);
      expect(r.ok, name).toBe(true);
    }
  });
});
