import { describe, expect, it } from 'vitest';
import { newSession, type Context, type Session } from '../contract/context';
import { AppError } from '../contract/errors';
import { newId } from '../db/ids';
import type { Db } from '../db/db';
import { insertRow } from '../sync/outbox';
import { openSetUpApp, OWNER } from '../../test/helpers';
import { approvalSchema, requireApproval } from './approval';
import { hashPin } from './pin';
import type { Role } from './roles';

function ctxFor(db: Db, session: Session): Context {
  return { db, session, clock: { now: () => new Date() } };
}

function addUser(db: Db, login: string, role: Role, pin: string, active = 1): string {
  const id = newId();
  db.transaction(() =>
    insertRow(ctxFor(db, newSession(true)), 'users', {
      id,
      name: login,
      login,
      role,
      pin_hash: hashPin(pin),
      active,
      created_at: new Date().toISOString(),
    }),
  );
  return id;
}

async function setUp() {
  const { app, session: ownerSession } = await openSetUpApp();
  const managerId = addUser(app.db, 'gerente', 'manager', '5678');
  const cashierId = addUser(app.db, 'caixa', 'cashier', '1111');
  addUser(app.db, 'antigo', 'manager', '2222', 0);
  const cashier: Session = { ...newSession(), userId: cashierId, role: 'cashier' };
  return { db: app.db, ownerSession, cashier, managerId, cashierId };
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('requireApproval', () => {
  it('needs no approval when the caller has the permission: the caller is the approver', async () => {
    const { db, ownerSession } = await setUp();
    expect(requireApproval(ctxFor(db, ownerSession), undefined, 'cash.approve', 'test')).toBe(ownerSession.userId);
  });

  it('asks for a manager when the caller lacks the permission and gave no approval', async () => {
    const { db, cashier } = await setUp();
    const error = refusal(() => requireApproval(ctxFor(db, cashier), undefined, 'cash.approve', 'a difference'));
    expect(error).toMatchObject({
      code: 'approval_required',
      userMessage: 'Esta ação precisa da aprovação de um gerente.',
      details: { permission: 'cash.approve', what: 'a difference' },
    });
  });

  it("returns the manager's id for a right login and PIN (login is case-insensitive)", async () => {
    const { db, cashier, managerId } = await setUp();
    const approval = { login: 'GERENTE', pin: '5678' };
    expect(requireApproval(ctxFor(db, cashier), approval, 'cash.approve', 'x')).toBe(managerId);
  });

  it.each([
    ['a wrong PIN', { login: 'gerente', pin: '0000' }, 'Login ou PIN de aprovação incorretos.'],
    ['an unknown login', { login: 'ninguem', pin: '5678' }, 'Login ou PIN de aprovação incorretos.'],
    ['an inactive manager', { login: 'antigo', pin: '2222' }, 'Login ou PIN de aprovação incorretos.'],
    [
      'a user whose role lacks the permission',
      { login: 'caixa', pin: '1111' },
      'Este usuário não tem permissão para aprovar esta ação.',
    ],
  ])('refuses %s with approval_invalid', async (_label, approval, message) => {
    const { db, cashier } = await setUp();
    const error = refusal(() => requireApproval(ctxFor(db, cashier), approval, 'cash.approve', 'x'));
    expect(error).toMatchObject({ code: 'approval_invalid', userMessage: message });
  });

  it('makes a system session (CLI) name an approver, since it has no user to record', async () => {
    const { db } = await setUp();
    const ctx = ctxFor(db, newSession(true));
    expect(refusal(() => requireApproval(ctx, undefined, 'cash.approve', 'x')).code).toBe('approval_required');
    const ownerId = db.raw.prepare('SELECT id FROM users WHERE login = ?').pluck().get(OWNER.login);
    expect(requireApproval(ctx, { login: OWNER.login, pin: OWNER.pin }, 'cash.approve', 'x')).toBe(ownerId);
  });

  it('validates the approval input with pt-BR messages', () => {
    const result = approvalSchema.safeParse({ login: ' ', pin: '12' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Informe o login de quem aprova.',
      'Informe o PIN de quem aprova.',
    ]);
  });
});
