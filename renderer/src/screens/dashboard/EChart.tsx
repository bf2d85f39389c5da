import { useEffect, useRef } from 'react';
import { init, use, type EChartsType } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only what the Dashboard draws (app/analytics/charts.ts): importing all of echarts triples the bundle.
use([
  BarChart,
  HeatmapChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

const number = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 2 });
const formatValue = (v: unknown) => (typeof v === 'number' ? number.format(v) : typeof v === 'string' ? v : '');

/**
 * The shared option with pt-BR numbers on value axes and in tooltips. The shared definitions are
 * plain data (they also render to SVG in Node for the PDF reports); formatting belongs to the screen.
 */
export function localized(option: Record<string, unknown>): Record<string, unknown> {
  const axis = (a: unknown) => {
    if (!a || typeof a !== 'object' || Array.isArray(a)) return a;
    const ax = a as Record<string, unknown>;
    return ax.type === 'value'
      ? { ...ax, axisLabel: { ...(ax.axisLabel as object | undefined), formatter: formatValue } }
      : ax;
  };
  const out: Record<string, unknown> = { ...option };
  if (option.tooltip) out.tooltip = { ...option.tooltip, valueFormatter: formatValue };
  if (option.xAxis) out.xAxis = axis(option.xAxis);
  if (option.yAxis) out.yAxis = axis(option.yAxis);
  return out;
}

interface EChartProps {
  option: Record<string, unknown>;
  height?: number;
  /** Names the chart for assistive technology; its numbers are in the card's table view. */
  label: string;
}

/** One ECharts instance (SVG renderer) bound to a div; resized with its container. */
export function EChart({ option, height = 280, label }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = init(el, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(localized(option), { notMerge: true });
  }, [option]);

  return <div ref={ref} className="echart" role="img" aria-label={label} style={{ height }} />;
}
