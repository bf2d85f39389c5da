import { describe, expect, it } from 'vitest';
import { roleHas, ROLES } from '../../app/auth/roles';
import { SCREENS, screensFor } from './navigation';

describe('the menu (issue 8, item 21)', () => {
  it('lists only screens that exist, and only those the role may open', () => {
    for (const role of ROLES) {
      for (const screen of screensFor(role)) {
        expect(SCREENS).toContain(screen);
        expect(screen.needs.some((p) => roleHas(role, p))).toBe(true);
      }
    }
    const keys = (role: (typeof ROLES)[number]) => screensFor(role).map((s) => s.key);
    expect(keys('owner')).toEqual(expect.arrayContaining(['pdv', 'caixa', 'vendas', 'configuracoes']));
    expect(keys('cashier')).toEqual(expect.arrayContaining(['pdv', 'caixa', 'vendas']));
    expect(keys('cashier')).not.toContain('configuracoes');
    expect(keys('receptionist')).not.toContain('caixa');
    expect(keys('professional')).not.toContain('pdv');
  });
});
