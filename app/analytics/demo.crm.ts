import type { Db } from '../db/db';
import { newId } from '../db/ids';
import { tableExists } from './dashboard';
import type { DemoStore, DemoVariant } from './demo.people';

const ORIGINS = ['instagram', 'google', 'indicacao', 'whatsapp', 'site'];
const STAGES = ['novo', 'contatado', 'interessado', 'agendado', 'convertido', 'perdido'];
const DAY_MS = 86_400_000;

/**
 * Leads (about one per 10 customers, at most 5,000, over the last 90 days, some converted into
 * the demo's customers) and appointments (services for customers over the last 60 and next 7
 * days, at most 2,000) when those tables exist; professionals from the first salespeople.
 */
export function demoLeadsAndAgenda(
  db: Db,
  customers: readonly string[],
  variants: readonly DemoVariant[],
  stores: readonly DemoStore[],
  random: () => number,
  now: Date,
) {
  const out = { leads: 0, appointments: 0 };
  const nowIso = now.toISOString();
  if (tableExists(db, 'leads')) {
    const insert = db.statement(
      `INSERT INTO leads (id, name, phone, origin, stage, customer_id, converted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const n = Math.min(5000, Math.floor(customers.length / 10));
    for (let i = 0; i < n; i++) {
      const stage = STAGES[Math.floor(random() * STAGES.length)] as string;
      const created = new Date(now.getTime() - Math.floor(random() * 90 * DAY_MS)).toISOString();
      const customer = stage === 'convertido' ? (customers[Math.floor(random() * customers.length)] ?? null) : null;
      insert.run(
        newId(),
        `Lead ${i + 1}`,
        `+55119${String(50_000_000 + i).padStart(8, '0')}`,
        ORIGINS[i % ORIGINS.length],
        stage,
        customer,
        customer ? created : null,
        created,
        created,
      );
      out.leads++;
    }
    if (tableExists(db, 'lead_activities')) demoTasks(db, now);
  }
  const services = variants.filter((v) => v.kind === 'service');
  if (!tableExists(db, 'appointments') || !tableExists(db, 'professionals') || services.length === 0) return out;
  const pros = (stores[0]?.salespeople ?? []).slice(0, 2).map((s, i) => {
    const ext = `DEMO-PRO${i + 1}`;
    db.statement(
      `INSERT OR IGNORE INTO professionals (id, external_id, salesperson_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
    ).run(newId(), ext, s.id, nowIso, nowIso);
    return (db.statement('SELECT id FROM professionals WHERE external_id = ?').get(ext) as { id: string }).id;
  });
  if (pros.length === 0 || customers.length === 0) return out;
  const insert = db.statement(
    `INSERT OR IGNORE INTO appointments (id, external_id, customer_id, product_id, professional_id, starts_at, ends_at, busy_until, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = Math.floor(now.getTime() / DAY_MS) * DAY_MS - 60 * DAY_MS;
  const n = Math.min(2000, Math.floor(customers.length / 5));
  const taken = new Set<string>();
  for (let i = 0; i < n; i++) {
    const day = Math.floor(random() * 67);
    const slot = Math.floor(random() * 9);
    const pro = i % pros.length;
    const key = `${day}|${slot}|${pro}`;
    if (taken.has(key)) continue;
    taken.add(key);
    const startsMs = start + day * DAY_MS + (12 + slot) * 3_600_000; // 09:00–17:00 in São Paulo
    const status =
      startsMs < now.getTime()
        ? random() < 0.85
          ? 'realizado'
          : 'faltou'
        : random() < 0.6
          ? 'confirmado'
          : 'pendente';
    const service = services[Math.floor(random() * services.length)] as DemoVariant;
    const s = new Date(startsMs).toISOString();
    const e = new Date(startsMs + 3_600_000).toISOString();
    insert.run(
      newId(),
      `DEMO-AG${i + 1}`,
      customers[Math.floor(random() * customers.length)],
      service.productId,
      pros[pro],
      s,
      e,
      e,
      status,
      nowIso,
      nowIso,
    );
    out.appointments++;
  }
  return out;
}

/**
 * Follow-up tasks on one in six open demo leads, due from 1 to 12 days ago or in the next two
 * days, assigned to the store's users in turn (so the dashboard shows overdue tasks per user).
 * Deterministic from the lead order; it draws nothing from the seeded generator.
 */
function demoTasks(db: Db, now: Date): void {
  const users = (
    db.statement('SELECT id FROM users WHERE active = 1 ORDER BY created_at, id').all() as { id: string }[]
  ).map((u) => u.id);
  const open = db
    .statement(
      `SELECT id, created_at FROM leads WHERE stage IN ('novo', 'contatado', 'interessado', 'agendado') ORDER BY created_at, id`,
    )
    .all() as { id: string; created_at: string }[];
  const insert = db.statement(
    `INSERT INTO lead_activities (id, lead_id, kind, body, due_at, done, assigned_to, created_by, created_at, updated_at)
     VALUES (?, ?, 'task', ?, ?, 0, ?, ?, ?, ?)`,
  );
  const bodies = ['Retornar a ligação', 'Enviar orçamento', 'Confirmar interesse', 'Mandar mensagem no WhatsApp'];
  open
    .filter((_, i) => i % 6 === 0)
    .forEach((lead, i) => {
      const due = new Date(now.getTime() + ((i % 14) - 12) * DAY_MS).toISOString();
      const user = users.length ? (users[i % (users.length + 1)] ?? null) : null;
      const created = lead.created_at < due ? lead.created_at : due;
      insert.run(newId(), lead.id, bodies[i % bodies.length], due, user, user, created, created);
    });
}
