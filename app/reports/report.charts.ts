import type * as Echarts from 'echarts';
import { lazyModule } from '../lazy-module';
import {
  paymentMethodsChart,
  periodComparisonChart,
  revenueByDayChart,
  rfmCharts,
  topProductsChart,
  type ChartDef,
} from '../analytics/charts';
import type { DashboardData } from '../analytics/dashboard';
import type { MonthlyReport } from './report.data';

const echarts = lazyModule<typeof Echarts>('echarts');

/**
 * The report's charts: the Dashboard's own definitions (app/analytics/charts.ts) fed with the
 * report's month, so the PDF and the screen draw the same thing.
 */
export function reportCharts(r: MonthlyReport): {
  revenue: ChartDef;
  methods: ChartDef;
  comparison: ChartDef;
  products: ChartDef;
  rfm: ChartDef;
} {
  const view: DashboardData = {
    today: {
      date: r.to,
      net_revenue: 0,
      sales: 0,
      appointments: null,
      new_leads: null,
      conversions: null,
      next_appointments: null,
    },
    kpis: r.kpis,
    lead_funnel: null,
    top_products: r.top_products.slice(0, 10),
    top_customers: [],
    overdue_tasks: null,
    rfm: {
      month: r.rfm.month,
      previous_month: r.rfm.previous_month,
      distribution: r.rfm.distribution,
      movement: r.rfm.movement,
    },
  };
  const [rfm] = rfmCharts(view);
  return {
    revenue: revenueByDayChart(r.kpis),
    methods: paymentMethodsChart(r.kpis),
    comparison: periodComparisonChart(r.kpis),
    products: topProductsChart(view),
    rfm: rfm as ChartDef,
  };
}

type Json = Record<string, unknown>;

/**
 * The "PDF theme" over a chart option (libraries.md §1): svg-to-pdfkit ignores `paint-order`, so
 * ECharts' white text stroke would cover the labels — `textBorderColor: 'transparent'` on every
 * series label; one font family for all text (the embedded DejaVu Sans).
 */
export function pdfTheme(option: Json, family: string): Json {
  const series = Array.isArray(option.series) ? (option.series as Json[]) : [];
  return {
    ...option,
    animation: false,
    textStyle: { fontFamily: family, fontSize: 10 },
    grid: { top: 36, bottom: 56, left: 60, right: 24, ...(option.grid ?? {}) },
    xAxis: categoryLabelsAll(option.xAxis),
    series: series.map((s) => ({
      ...s,
      ...(s.type === 'pie' ? { radius: ['32%', '58%'], center: ['50%', '44%'] } : {}),
      label: { ...((s.label as Json | undefined) ?? {}), textBorderColor: 'transparent', fontFamily: family },
    })),
  };
}

/** A short category x axis (≤ 12) shows every label, small: on paper there is nothing to hover over. */
function categoryLabelsAll(axis: unknown): unknown {
  if (!axis || typeof axis !== 'object' || Array.isArray(axis)) return axis;
  const a = axis as Json;
  if (a.type !== 'category' || !Array.isArray(a.data) || a.data.length > 12) return axis;
  return { ...a, axisLabel: { interval: 0, fontSize: 8, ...((a.axisLabel as Json | undefined) ?? {}) } };
}

/**
 * A chart definition rendered to an SVG string by ECharts' server-side renderer (no DOM), the
 * instance disposed afterwards (a live SSR instance keeps Node running). Sizes in points.
 */
export function chartSvg(def: ChartDef, width: number, height: number, family: string): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(pdfTheme(def.option, family));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
