import type { ReactElement, ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * A chart with its accessible alternative: the drawing is one image (role="img") named by a short
 * summary in words, and the numbers behind it stay available as a table (or list) in a <details>.
 * The box has a fixed height because ResponsiveContainer sizes itself to its parent.
 *
 * Charts inside should set `accessibilityLayer={false}`: Recharts' keyboard layer makes the SVG
 * focusable, which does not belong inside an image; keyboard users get the table instead.
 */
export function ChartFigure(props: {
  /** What the chart shows, in one or two sentences: read out instead of the drawing. */
  summary: string;
  /** Height of the drawing in pixels. */
  height: number;
  /** A visible caption: how to read the chart. */
  caption?: ReactNode;
  /** The label of the <details> summary, e.g. "The numbers as a table". */
  numbersLabel?: string;
  /** The data as a table or list. */
  numbers: ReactNode;
  /** Opens the <details> at first (e.g. when it also holds the links). */
  numbersOpen?: boolean;
  children: ReactElement;
}) {
  return (
    <figure className="dash-chart">
      <div className="dash-chart-box" role="img" aria-label={props.summary} style={{ height: props.height }}>
        <ResponsiveContainer width="100%" height="100%">
          {props.children}
        </ResponsiveContainer>
      </div>
      {props.caption ? <figcaption className="muted">{props.caption}</figcaption> : null}
      <details className="dash-numbers" open={props.numbersOpen}>
        <summary>{props.numbersLabel ?? 'The numbers as a table'}</summary>
        {props.numbers}
      </details>
    </figure>
  );
}

/** Euro amounts in short form for axis ticks: €0, €500, €12k, €1.2M. */
export const compactMoney = (n: number) =>
  n.toLocaleString('en', { style: 'currency', currency: 'EUR', notation: 'compact', maximumFractionDigits: 1 });

/** "1 need", "3 needs": a count with its noun in the right number. */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
