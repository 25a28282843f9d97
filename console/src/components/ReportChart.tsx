import 'uplot/dist/uPlot.min.css';
import './report-chart.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/**
 * Colours for series: each at least 4.5:1 against the white page (WCAG's 3:1 for graphics, with
 * room), told apart by dash pattern too, so no series is known by its colour alone.
 */
export const SERIES_COLOURS = ['#0b62c4', '#b0285f', '#1d7a32', '#8a4b08', '#6b40c4', '#3a4654'];
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [12, 6]];
const AXIS_TEXT = '#414d5c';
const GRID = '#e0e4e8';

const short = (label: string) => (label.length > 16 ? `${label.slice(0, 15)}…` : label);

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/**
 * A small uPlot chart of categories (target kinds, customers, days) on the x axis: bars or lines.
 * The canvas is a picture with an accessible name and a summary of its numbers; the screens show
 * the same numbers in a table beside it. It follows its box's width (a phone's as a laptop's).
 */
export function ReportChart({
  kind,
  labels,
  series,
  name,
  summary,
  yMax,
  height = 240,
}: {
  kind: 'bars' | 'lines';
  labels: string[];
  series: ChartSeries[];
  name: string;
  summary: string;
  /** The y axis' fixed top (100 for %); otherwise from the data. */
  yMax?: number;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = labels.map((_, i) => i);
    const many = series.length > 1;
    const opts: uPlot.Options = {
      width: Math.max(el.clientWidth, 200),
      height,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: () => [-0.5, Math.max(labels.length - 0.5, 0.5)] },
        y: {
          range: (_u, _min, max) => [0, yMax ?? Math.max(1, Math.ceil(max * 1.1))],
        },
      },
      axes: [
        {
          stroke: AXIS_TEXT,
          grid: { show: false },
          ticks: { stroke: GRID },
          incrs: [1, 2, 3, 5, 7, 10, 15],
          // Long names (customers) are cut; the table beside the chart has them whole.
          values: (_u, splits) => splits.map((i) => short(labels[i] ?? '')),
          size: 40,
        },
        {
          stroke: AXIS_TEXT,
          grid: { stroke: GRID, width: 1 },
          ticks: { stroke: GRID },
          incrs: [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000],
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')),
          size: 44,
        },
      ],
      series: [
        {},
        ...series.map((s, i) => {
          const colour = SERIES_COLOURS[i % SERIES_COLOURS.length] as string;
          return kind === 'bars'
            ? {
                label: s.label,
                stroke: colour,
                fill: colour,
                width: 0,
                paths: uPlot.paths.bars?.({ size: [0.6, 64], align: 0 }),
                points: { show: false },
              }
            : {
                label: s.label,
                stroke: colour,
                width: 2,
                dash: many ? DASHES[i % DASHES.length] : [],
                points: { show: labels.length <= 10, size: 6, fill: colour },
              };
        }),
      ],
    };
    const chart = new uPlot(opts, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(el.clientWidth, 200), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [kind, labels, series, height, yMax]);

  return (
    <figure className="report-chart">
      <div ref={box} role="img" aria-label={`${name}. ${summary}`} className="report-chart-canvas" />
      {series.length > 1 && (
        <ul className="report-chart-legend">
          {series.map((s, i) => (
            <li key={s.label}>
              <svg width="28" height="10" aria-hidden="true">
                <line
                  x1="0"
                  y1="5"
                  x2="28"
                  y2="5"
                  stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]}
                  strokeWidth="3"
                  strokeDasharray={(DASHES[i % DASHES.length] ?? []).join(' ')}
                />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
