import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ACTION_NAMES, actionSchema } from '../sales/apply.ops';
import { dumpContent, openSetUpApp } from '../../test/helpers';
import type { Balcao } from '../balcao';
import type { Session } from './context';
import { operations } from './operations';
import {
  atLimits,
  inputJsonSchema,
  inputWith,
  leaves,
  missingBound,
  pastBounds,
  pathText,
  type Leaf,
  type Path,
} from './bounds.walk';

/**
 * The generated bounds test (issue 9 item 5, issue 8 item 11): every operation of the contract,
 * and every action `sales.apply` accepts, is walked from its input schema; every string, number
 * and array is sent past its bounds and must be refused as invalid_input at that field, never
 * internal_error, with nothing written. A field declared without bounds fails the first test.
 */
interface Target {
  label: string;
  op: string;
  schema: z.ZodType;
  /** Where the schema's input sits inside the operation's input. */
  wrap: (inner: unknown) => unknown;
  prefix: Path;
}

function targets(): Target[] {
  const out: Target[] = Object.entries(operations).map(([op, def]) => ({
    label: op,
    op,
    schema: def.input,
    wrap: (inner) => inner,
    prefix: [],
  }));
  for (const action of ACTION_NAMES) {
    out.push({
      label: `sales.apply ${action}`,
      op: 'sales.apply',
      schema: actionSchema(action),
      wrap: (inner) => ({ action, transaction_data: inner }),
      prefix: ['transaction_data'],
    });
  }
  return out;
}

/**
 * Values of any shape that are bounded another way: `transaction_data` is checked by each
 * action's schema (walked above), and a customer's structured address or preferences by size
 * and depth (`boundedJsonObject`, tested below).
 */
const ANY_SHAPE_ALLOWED = new Set([
  'sales.apply transaction_data.5000',
  'customers.upsert address.5000',
  'customers.upsert preferences.5000',
  'sales.apply update_customer_data address.5000',
  'sales.apply update_customer_data preferences.5000',
]);

const FOREIGN_WORDING = /Demasiado|esperava|registo|ficheiro|Too (big|small)|Invalid (input|option)|expected/;

function issuesOf(result: { ok: boolean; error?: { code: string; details?: Record<string, unknown> } }) {
  return (result.error?.details?.issues ?? []) as { path: string; message: string }[];
}

function hasIssueAt(issues: { path: string }[], path: string): boolean {
  return issues.some((i) => i.path === path || i.path.startsWith(`${path}.`) || (path === '' && i.path !== undefined));
}

function runPastBounds(app: Balcao, session: Session, t: Target, leaf: Leaf, problems: string[]) {
  const where = pathText([...t.prefix, ...leaf.path]);
  for (const { label, value } of pastBounds(leaf)) {
    const result = app.dispatch(t.op, t.wrap(inputWith(leaf.path, value)), session);
    const code = result.ok ? 'ok' : result.error.code;
    const issues = issuesOf(result);
    if (code !== 'invalid_input') problems.push(`${t.label} ${where} (${label}): answered ${code}`);
    else if (!hasIssueAt(issues, where)) problems.push(`${t.label} ${where} (${label}): no issue at the field`);
    for (const i of issues) if (FOREIGN_WORDING.test(i.message)) problems.push(`${t.label} ${i.path}: "${i.message}"`);
  }
}

describe('the generated bounds test: every operation, every field', () => {
  it('every string has a maximum length, every number a minimum and a maximum, every list a maximum size', () => {
    const unbounded: string[] = [];
    for (const t of targets()) {
      for (const leaf of leaves(inputJsonSchema(t.schema))) {
        const missing = missingBound(leaf);
        const name = `${t.label} ${pathText(leaf.path)}`;
        if (missing && !(leaf.kind === 'unknown' && ANY_SHAPE_ALLOWED.has(name))) unbounded.push(`${name}: ${missing}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('each field past its bounds is invalid_input at that field, in pt-BR, and nothing is written', async () => {
    const { app, session } = await openSetUpApp();
    const problems: string[] = [];
    let cases = 0;
    for (const t of targets()) {
      const before = dumpContent(app.db);
      for (const leaf of leaves(inputJsonSchema(t.schema))) {
        cases += pastBounds(leaf).length;
        runPastBounds(app, session, t, leaf, problems);
      }
      expect(dumpContent(app.db), `${t.label} changed the database`).toEqual(before);
    }
    expect(problems).toEqual([]);
    expect(cases).toBeGreaterThan(500);
  });

  it('numbers exactly at their limits are never internal_error', async () => {
    const { app, session } = await openSetUpApp();
    const crashes: string[] = [];
    for (const t of targets()) {
      for (const leaf of leaves(inputJsonSchema(t.schema))) {
        for (const { label, value } of atLimits(leaf)) {
          const result = app.dispatch(t.op, t.wrap(inputWith(leaf.path, value)), session);
          const where = pathText([...t.prefix, ...leaf.path]);
          if (!result.ok && result.error.code === 'internal_error') crashes.push(`${t.label} ${where} ${label}`);
          if (!result.ok && result.error.code === 'invalid_input' && issuesOf(result).some((i) => i.path === where)) {
            crashes.push(`${t.label} ${where} ${label}: refused at its own limit`);
          }
        }
      }
    }
    expect(crashes).toEqual([]);
  });
});
