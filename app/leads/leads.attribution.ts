import type { Context } from '../contract/context';
import { AppError } from '../contract/errors';
import { divRoundHalfUp } from '../money/money';
import { readLeadConfig } from './leads.config';
import { dayBound, leadZone } from './leads.time';

export interface AttributionRow {
  origin: string;
  /** The origin's label in the store's list (the key when it was removed). */
  label: string;
  leads: number;
  contacted: number;
  scheduled: number;
  converted: number;
  /** converted / leads, 0..1 (4 decimals); 0 when there are no leads. */
  conversion_rate: number;
  /** Centavos. */
  revenue: number;
  /** revenue / leads in centavos, half up; 0 when there are no leads. */
  revenue_per_lead: number;
}

/** Purchases (the analytics issue): these statuses, counted at their net after refunds. */
const PURCHASE_STATUSES = `('aprovada','completa','parcialmente_reembolsada')`;

const COHORT_SQL = `
  SELECT l.origin AS origin,
    count(*) AS leads,
    sum(CASE WHEN l.stage IN ('contatado','interessado','agendado','convertido') OR EXISTS (
      SELECT 1 FROM lead_stage_changes h WHERE h.lead_id = l.id
        AND h.to_stage IN ('contatado','interessado','agendado','convertido')) THEN 1 ELSE 0 END) AS contacted,
    sum(CASE WHEN l.stage IN ('agendado','convertido') OR EXISTS (
      SELECT 1 FROM lead_stage_changes h WHERE h.lead_id = l.id
        AND h.to_stage IN ('agendado','convertido')) THEN 1 ELSE 0 END) AS scheduled,
    sum(CASE WHEN l.stage = 'convertido' THEN 1 ELSE 0 END) AS converted
  FROM leads l
  WHERE l.merged_into IS NULL AND l.created_at >= ? AND l.created_at < ?
  GROUP BY l.origin`;

// Each customer belongs to the origin of its first conversion; its purchases dated in the
// period count at their net (sale_state.net_cents: total minus refunds).
const REVENUE_SQL = `
  WITH first_conversion AS (
    SELECT customer_id, origin FROM (
      SELECT customer_id, origin,
        row_number() OVER (PARTITION BY customer_id ORDER BY converted_at, id) AS n
      FROM leads WHERE stage = 'convertido' AND customer_id IS NOT NULL AND merged_into IS NULL)
    WHERE n = 1)
  SELECT f.origin AS origin, coalesce(sum(st.net_cents), 0) AS revenue
  FROM first_conversion f
  JOIN sales s ON s.customer_id = f.customer_id AND s.occurred_at >= ? AND s.occurred_at < ?
  JOIN sale_state st ON st.sale_id = s.id AND st.status IN ${PURCHASE_STATUSES}
  GROUP BY f.origin`;

/**
 * Attribution per origin for the store's days `from`..`to` (inclusive), issue 12: of the leads
 * created in the period, how many were contacted (reached contatado or later at any time),
 * scheduled (agendado or later), converted; the conversion rate; and the net revenue, by sale
 * date in the period, of the customers converted from that origin (a customer counts for the
 * origin of its first conversion only). Every origin of the store's list appears, with zeros
 * when idle; origins no longer listed appear when they have leads or revenue.
 */
export function attribution(ctx: Context, from: string, to: string): AttributionRow[] {
  if (from > to) {
    throw new AppError('invalid_period', `Period ${from}..${to} is reversed`, 'A data inicial é depois da final.');
  }
  const zone = leadZone(ctx);
  const start = dayBound(zone, from, false);
  const end = dayBound(zone, to, true);
  const cohort = ctx.db.statement(COHORT_SQL).all(start, end) as {
    origin: string;
    leads: number;
    contacted: number;
    scheduled: number;
    converted: number;
  }[];
  const revenue = ctx.db.statement(REVENUE_SQL).all(start, end) as { origin: string; revenue: number }[];
  const origins = readLeadConfig(ctx.db).origins;
  const keys = [...origins.map((o) => o.key)];
  for (const r of [...cohort, ...revenue]) if (!keys.includes(r.origin)) keys.push(r.origin);
  return keys.map((origin) => {
    const c = cohort.find((r) => r.origin === origin);
    const money = revenue.find((r) => r.origin === origin)?.revenue ?? 0;
    const leads = c?.leads ?? 0;
    const converted = c?.converted ?? 0;
    return {
      origin,
      label: origins.find((o) => o.key === origin)?.label ?? origin,
      leads,
      contacted: c?.contacted ?? 0,
      scheduled: c?.scheduled ?? 0,
      converted,
      conversion_rate: leads ? Math.round((converted / leads) * 10_000) / 10_000 : 0,
      revenue: money,
      revenue_per_lead: leads ? divRoundHalfUp(money, leads) : 0,
    };
  });
}
