import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/main';
import { tempDbPath } from '../../test/helpers';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const line = (action: string, data: Record<string, unknown>) => JSON.stringify({ action, transaction_data: data });

describe('cli agenda and slots', () => {
  it('books through apply, then prints the day and the free slots as JSON', async () => {
    const db = tempDbPath();
    await cli([
      'setup',
      '--db',
      db,
      '--store-name',
      'Clínica',
      '--owner-name',
      'Bia',
      '--login',
      'bia',
      '--pin',
      '4321',
    ]);
    const lines = [
      line('upsert_product', {
        external_id: 'BOTOX',
        name: 'Botox',
        category: 'Procedimentos',
        kind: 'service',
        unit_price: 80_000,
        duration_minutes: 30,
      }),
      line('upsert_professional', {
        external_id: 'ANA',
        name: 'Dra. Ana',
        procedures: ['BOTOX'],
        working_hours: [{ weekday: 1, start: '09:00', end: '10:00' }],
      }),
      line('update_customer_data', { external_id: 'P1', name: 'Maria' }),
      line('book_appointment', {
        external_id: 'A1',
        customer_external_id: 'P1',
        procedure_external_id: 'BOTOX',
        professional_external_id: 'ANA',
        start: '2026-12-07T09:00:00-03:00',
      }),
      line('book_appointment', {
        external_id: 'A2',
        customer_external_id: 'P1',
        procedure_external_id: 'BOTOX',
        professional_external_id: 'ANA',
        start: '2026-12-07T09:15:00-03:00',
      }),
    ];
    const { writeFileSync } = await import('node:fs');
    const file = `${db}.jsonl`;
    writeFileSync(file, lines.join('\n'));
    const applied = await cli(['apply', '--db', db, '--json', '--file', file]);
    expect(applied.stdout).toContain('schedule_conflict');
    const agenda = await cli(['agenda', '--db', db, '--date', '2026-12-07', '--json']);
    expect(JSON.parse(agenda.stdout)).toEqual([
      {
        external_id: 'A1',
        professional_external_id: 'ANA',
        customer_external_id: 'P1',
        procedure: 'Botox',
        procedure_external_id: 'BOTOX',
        start: '2026-12-07T09:00:00-03:00',
        end: '2026-12-07T09:30:00-03:00',
        status: 'pendente',
      },
    ]);
    const slots = await cli([
      'slots',
      '--db',
      db,
      '--procedure',
      'BOTOX',
      '--from',
      '2026-12-07',
      '--to',
      '2026-12-08',
      '--json',
    ]);
    expect(JSON.parse(slots.stdout)).toEqual([{ professional_external_id: 'ANA', start: '2026-12-07T09:30:00-03:00' }]);
  });
});
