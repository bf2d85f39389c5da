import { createHash } from 'node:crypto';
import type { Db } from '../db/db';
import { listClosingsForChain } from './cash.queries';

export const GENESIS_HASH = '0'.repeat(64);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value as Json));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function chainHash(prevHash: string, reportJson: string): string {
  return createHash('sha256')
    .update(prevHash + reportJson, 'utf8')
    .digest('hex');
}

export type ChainBreak =
  'missing_closing' | 'prev_hash_mismatch' | 'hash_mismatch' | 'report_unreadable' | 'report_mismatch';

export interface ChainCheck {
  ok: boolean;
  /** Closings verified before the first break (all of them when ok). */
  checked: number;
  broken_at?: number;
  reason?: ChainBreak;
}

/** The columns a Z report repeats; a row whose columns disagree with its report was edited. */
interface ReportEcho {
  number?: unknown;
  register?: { id?: unknown };
  session_id?: unknown;
  closed_at?: unknown;
  expected_cash_cents?: unknown;
  counted_cash_cents?: unknown;
  difference_cents?: unknown;
  approved_by?: { id?: unknown } | null;
}

/**
 * Walks a register's closings from number 1: numbers must have no gaps, each prev_hash must be
 * the previous hash, each hash must be sha256(prev_hash + report), and the row must agree with
 * its report. Stops at the first closing that fails.
 */
export function verifyClosingChain(db: Db, registerId: string): ChainCheck {
  const rows = listClosingsForChain(db, registerId);
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (const row of rows) {
    const expectedNumber = checked + 1;
    const broken = (at: number, reason: ChainBreak): ChainCheck => ({ ok: false, checked, broken_at: at, reason });
    if (row.number !== expectedNumber) return broken(expectedNumber, 'missing_closing');
    if (row.prev_hash !== prevHash) return broken(row.number, 'prev_hash_mismatch');
    if (chainHash(row.prev_hash, row.report) !== row.hash) return broken(row.number, 'hash_mismatch');
    let report: ReportEcho;
    try {
      report = JSON.parse(row.report) as ReportEcho;
    } catch {
      return broken(row.number, 'report_unreadable');
    }
    const agrees =
      report.number === row.number &&
      report.register?.id === row.register_id &&
      report.session_id === row.session_id &&
      report.closed_at === row.closed_at &&
      report.expected_cash_cents === row.expected_cash_cents &&
      report.counted_cash_cents === row.counted_cash_cents &&
      report.difference_cents === row.difference_cents &&
      (report.approved_by?.id ?? null) === row.approved_by;
    if (!agrees) return broken(row.number, 'report_mismatch');
    prevHash = row.hash;
    checked += 1;
  }
  return { ok: true, checked };
}
