import { describe, expect, it } from 'vitest';
import type { PushMutation, WireValue } from '../../app/sync/protocol';
import { pairsByKey, probesByFirstColumn } from './merge';

const insert = (table: string, rowId: string, columns: Record<string, WireValue>): PushMutation => ({
  mutation_id: `m-${rowId}`,
  table,
  op: 'insert',
  row_id: rowId,
  columns,
  device_seq: 1,
});

describe('push: the unique-key collision probe by first key column (merge.ts)', () => {
  it('probes by first column only for a key led by a parent with a few rows each, when candidates share it', () => {
    const lines = [1, 2, 3, 4, 5, 6].map((n) => insert('sale_items', `i${n}`, { sale_id: `s${n % 2}`, line_no: n }));
    expect(probesByFirstColumn('sale_items', ['sale_id', 'line_no'], lines)).toBe(true);
    // One line per sale: the whole-key probe costs the same.
    expect(probesByFirstColumn('sale_items', ['sale_id', 'line_no'], lines.slice(0, 2))).toBe(false);
    // Ten rules of one scope: probing by scope would read every stored rule of that scope.
    const rules = [...Array(10).keys()].map((n) =>
      insert('commission_rules', `r${n}`, { scope: 'product', target: `p${n}` }),
    );
    expect(probesByFirstColumn('commission_rules', ['scope', 'target'], rules)).toBe(false);
    const registers = [1, 2, 3, 4].map((n) => insert('registers', `c${n}`, { store_id: 'st', code: `CX${n}` }));
    expect(probesByFirstColumn('registers', ['store_id', 'code'], registers)).toBe(false);
  });

  it('matches stored rows on the whole key, skipping one with a NULL in a key column (never the text "null")', () => {
    const key = ['sale_id', 'line_no'];
    const candidates = [
      insert('sale_items', 'new-1', { sale_id: 's1', line_no: 1 }),
      insert('sale_items', 'new-2', { sale_id: 's1', line_no: 'null' }),
      insert('sale_items', 'old-3', { sale_id: 's1', line_no: 3 }),
    ];
    const found = [
      { id: 'old-1', sale_id: 's1', line_no: '1' }, // bigint read back as text
      { id: 'old-null', sale_id: 's1', line_no: null },
      { id: 'old-3', sale_id: 's1', line_no: '3' }, // the candidate itself
    ];
    expect(pairsByKey(key, found, candidates)).toEqual([{ from_id: 'new-1', to_id: 'old-1' }]);
  });
});
