import { roleHas, ROLES, type Permission, type Role } from '../auth/roles';
import type { Session } from './context';

/**
 * Who sees which fields, in one place (issue 9 item 10). The dispatcher passes every
 * operation's output through `shapeOutput`, so no operation can forget it and a new operation
 * that returns a cost or a CPF is covered the day it is written. A hidden field stays in the
 * output with the value `null`, so the shapes the screens read do not change.
 *
 * - Costs and margins: only roles with `catalog.manage` (owner, manager). A cashier prices and
 *   sells; what the store paid is not the counter's business.
 * - Customers' personal data (CPF, phone, e-mail, birth date, address, preferences): only roles
 *   with `customers.manage` (owner, manager, cashier, receptionist). The professional sees names.
 * - Salespeople's commission rates: only roles with `catalog.manage` (owner, manager).
 */
export const COST_FIELDS = ['cost_cents', 'unit_cost_cents', 'unit_cost', 'margin_cents', 'total_cost_cents'] as const;
export const PERSONAL_FIELDS = ['cpf', 'phone', 'email', 'birth_date'] as const;
/** Personal only inside a person's record (one with a `cpf` field): a store has an address too. */
export const PERSON_RECORD_FIELDS = ['address', 'preferences'] as const;
/** A link built from a person's phone (the agenda's WhatsApp reminder `link`) is the phone. */
export const PHONE_LINK_FIELDS = ['link', 'whatsapp_link'] as const;
export const COMMISSION_RATE_FIELDS = ['commission_rate', 'commission_rate_bp'] as const;

type HiddenField =
  | (typeof COST_FIELDS)[number]
  | (typeof PERSONAL_FIELDS)[number]
  | (typeof PERSON_RECORD_FIELDS)[number]
  | (typeof PHONE_LINK_FIELDS)[number]
  | (typeof COMMISSION_RATE_FIELDS)[number];

/** An output as a caller may receive it: every field that can be hidden may arrive as null. */
export type Shaped<T> = T extends readonly (infer E)[]
  ? Shaped<E>[]
  : T extends object
    ? { [K in keyof T]: K extends HiddenField ? Shaped<T[K]> | null : Shaped<T[K]> }
    : T;

interface FieldRule {
  fields: readonly string[];
  permission: Permission;
  /** Only in objects that have this key. */
  within?: string;
}

export const FIELD_RULES: readonly FieldRule[] = [
  { fields: COST_FIELDS, permission: 'catalog.manage' },
  { fields: PERSONAL_FIELDS, permission: 'customers.manage' },
  { fields: PERSON_RECORD_FIELDS, permission: 'customers.manage', within: 'cpf' },
  { fields: PHONE_LINK_FIELDS, permission: 'customers.manage', within: 'phone' },
  { fields: COMMISSION_RATE_FIELDS, permission: 'catalog.manage' },
];

interface Hidden {
  always: ReadonlySet<string>;
  /** field → the key whose presence makes it hidden. */
  within: ReadonlyMap<string, string>;
}

const NOTHING: Hidden = { always: new Set(), within: new Map() };

function hiddenFor(role: Role): Hidden {
  const always = new Set<string>();
  const within = new Map<string, string>();
  for (const rule of FIELD_RULES) {
    if (roleHas(role, rule.permission)) continue;
    for (const f of rule.fields) {
      if (rule.within) within.set(f, rule.within);
      else always.add(f);
    }
  }
  return always.size || within.size ? { always, within } : NOTHING;
}

const BY_ROLE = new Map<Role, Hidden>(ROLES.map((r) => [r, hiddenFor(r)]));

/** The fields a session must not receive. System sessions (the CLI) and owners see everything. */
export function hiddenFields(session: Session): Hidden {
  if (session.system) return NOTHING;
  if (!session.role) return hiddenFor(anonymousRole);
  return BY_ROLE.get(session.role) ?? NOTHING;
}

/** True when the session receives customers' CPF, phone and e-mail (so may also search by them). */
export function canSeePersonalData(session: Session): boolean {
  return !hiddenFields(session).always.has('cpf');
}

/** A session with no user (before login) is treated as the role with no grants. */
const anonymousRole: Role = 'professional';

const MAX_DEPTH = 64;

/**
 * The operation's output with every field the session may not see set to null. Returns the
 * same object when nothing is hidden; copies only what it changes.
 */
export function shapeOutput<T>(value: T, session: Session): Shaped<T> {
  const hidden = hiddenFields(session);
  if (hidden === NOTHING) return value as Shaped<T>;
  return shape(value, hidden, 0) as Shaped<T>;
}

function shape(value: unknown, hidden: Hidden, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v: unknown) => {
      const s = shape(v, hidden, depth + 1);
      if (s !== v) changed = true;
      return s;
    });
    return changed ? out : value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const record = value as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const [key, v] of Object.entries(record)) {
    const within = hidden.within.get(key);
    const hide = hidden.always.has(key) || (within !== undefined && within in record);
    const next = hide ? (v === undefined ? undefined : null) : shape(v, hidden, depth + 1);
    if (next !== v) {
      out ??= { ...record };
      out[key] = next;
    }
  }
  return out ?? value;
}
