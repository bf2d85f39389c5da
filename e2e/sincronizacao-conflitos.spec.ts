import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { expect, test } from './fixtures';
import { registerSale, setUpStore } from './vendas.helpers';

/**
 * "Registros em conflito" → "Resolver": a server sale held because a sale of this computer
 * (refused by the server for its number) has the same number. The state a pull leaves is
 * written straight into the database (enrolment to a server that is not there, the refusal, the
 * held rows): no sync server is needed to drive the screen. The settling itself is tested
 * end to end against the real server in app/sync/sync.settle.test.ts.
 */
test('Sincronização: resolve a held sale from the conflicts list', async ({ page, server }) => {
  await setUpStore(page, server.url);
  const externalId = await registerSale(page, server.url, {
    items: [{ sku: 'TEN-42', qty: 1 }],
    payments: [{ method: 'dinheiro', amount: 29990 }],
  });
  const db = new BetterSqlite3(join(server.dataDir, 'balcao.sqlite3'));
  let number = '';
  try {
    const local = db.prepare('SELECT * FROM sales WHERE external_id = ?').get(externalId) as Record<string, unknown>;
    number = String(local.number);
    const items = db.prepare('SELECT * FROM sale_items WHERE sale_id = ?').all(local.id) as Record<string, unknown>[];
    const now = '2026-11-30T12:00:00.000Z';
    db.transaction(() => {
      const store = db.prepare('SELECT id FROM stores LIMIT 1').pluck().get();
      // Enrolled to a port nobody listens on: the push loop stays unreachable, the list stays.
      db.prepare(
        `INSERT INTO sync_device (id, server_url, tenant_id, store_id, device_id, token, enrolled_at)
         VALUES (1, 'http://127.0.0.1:9', 't-e2e', ?, 'd-e2e', 'token-e2e', ?)`,
      ).run(store, now);
      // First as a sale the server acknowledged (outlook 'server': renumbered through the server).
      db.prepare(`UPDATE sync_outbox SET pushed_at = ? WHERE table_name = 'sales' AND row_id = ?`).run(now, local.id);
      const hold = db.prepare(
        `INSERT INTO sync_key_conflicts (table_name, row_id, local_id, key, value, row, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      const serverSale = { ...local, id: 'venda-do-servidor', external_id: 'SRV-1' };
      hold.run('sales', serverSale.id, local.id, 'number', JSON.stringify([number]), JSON.stringify(serverSale), now);
      items.forEach((item, i) => {
        const row = { ...item, id: `item-do-servidor-${i}`, sale_id: serverSale.id };
        hold.run('sale_items', row.id, local.id, 'sale_id', JSON.stringify([serverSale.id]), JSON.stringify(row), now);
      });
    })();
  } finally {
    db.close();
  }

  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('tab', { name: 'Sincronização' }).click();
  const conflicts = page.getByRole('region', { name: 'Registros em conflito' });
  await expect(conflicts.getByRole('heading')).toHaveText('2 registros em conflito');
  await conflicts.getByRole('button', { name: 'Resolver' }).click();
  const dialog = page.getByRole('dialog', { name: 'Resolver conflito de número de venda' });
  await expect(dialog).toContainText(`A venda deste computador com o número ${number} já está no servidor`);
  await dialog.getByRole('button', { name: 'Resolver' }).click();
  // Nobody listens on the server's port: the refusal is shown in the dialog.
  await expect(dialog.getByRole('alert')).toContainText('Sem resposta do servidor');
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await expect(dialog).toHaveCount(0);

  // Now as a sale the server refused for its number (outlook 'ready').
  const refuse = new BetterSqlite3(join(server.dataDir, 'balcao.sqlite3'));
  try {
    refuse
      .prepare(
        `UPDATE sync_outbox SET pushed_at = NULL, rejected_code = 'constraint_violation',
           rejected_message = 'the batch breaks sales_number_unique'
         WHERE table_name = 'sales' AND kind = 'insert' AND payload LIKE ?`,
      )
      .run(`%${externalId}%`);
  } finally {
    refuse.close();
  }
  await page.reload();
  await page.getByRole('tab', { name: 'Sincronização' }).click();
  await expect(conflicts.getByRole('heading')).toHaveText('2 registros em conflito');
  await conflicts.getByRole('button', { name: 'Resolver' }).click();
  await expect(dialog).toContainText(`A venda deste computador com o número ${number} ainda não está no servidor`);
  await expect(dialog).toContainText('Nenhuma venda é apagada.');
  await dialog.getByRole('button', { name: 'Resolver' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Conflito resolvido' })).toContainText(
    `a venda deste computador passou de ${number} para `,
  );
  await expect(conflicts).toHaveCount(0);

  const check = new BetterSqlite3(join(server.dataDir, 'balcao.sqlite3'), { readonly: true });
  try {
    const numbers = check.prepare('SELECT external_id, number FROM sales ORDER BY external_id').all() as {
      external_id: string;
      number: string;
    }[];
    expect(numbers.find((s) => s.external_id === 'SRV-1')?.number).toBe(number);
    expect(numbers.find((s) => s.external_id === externalId)?.number).not.toBe(number);
    expect(check.prepare(`SELECT count(*) FROM sale_items WHERE sale_id = 'venda-do-servidor'`).pluck().get()).toBe(1);
    expect(check.pragma('foreign_key_check')).toEqual([]);
  } finally {
    check.close();
  }
});
