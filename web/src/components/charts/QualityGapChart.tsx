import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure, count } from './ChartFigure';

/** The quality gap at one touchpoint through one channel. */
export interface GapRow {
  label: string;
  gap: number;
  qualityCount: number;
}

const SHORT = '#a3221b';
const MEETS = '#1d7a46';
const GAP_TICKS = [-4, -3, -2, -1, 0, 1, 2, 3, 4];

/** "+0.50", "−1.67", "0.00": a signed gap, so the sign is readable without the colour. */
export const signed = (n: number) => (n > 0 ? `+${n.toFixed(2)}` : n < 0 ? `−${Math.abs(n).toFixed(2)}` : n.toFixed(2));

/**
 * Horizontal bars of perceived minus expected quality, worst first: red where the touchpoint
 * falls short, green where it meets or exceeds expectations. The table beside the chart (in the
 * panel) carries the numbers, so this chart's alternative only lists the gaps.
 */
export function QualityGapChart({ rows }: { rows: GapRow[] }) {
  const sorted = [...rows].sort((a, b) => a.gap - b.gap);
  // Two series stacked on one bar per row: exactly one of them is non-zero, which colours the bar and feeds the legend.
  const data = sorted.map((r) => ({ ...r, short: r.gap < 0 ? r.gap : 0, meets: r.gap >= 0 ? r.gap : 0 }));
  const short = sorted.filter((r) => r.gap < 0);
  const summary =
    `Bar chart of the quality gap (perceived minus expected, on a 1 to 5 scale) at ${count(rows.length, 'touchpoint and channel pair')}. ` +
    (short.length
      ? `${short.length} of them ${short.length === 1 ? 'falls' : 'fall'} short; the largest gap is ${sorted[0].label} at ${signed(sorted[0].gap)}.`
      : 'None falls short of expectations.');
  return (
    <ChartFigure
      summary={summary}
      height={sorted.length * 30 + 80}
      caption="Perceived minus expected quality; below 0 (red) the touchpoint falls short of what customers expected."
      numbersLabel="The gaps as a list"
      numbers={
        <ul>
          {sorted.map((r) => (
            <li key={r.label}>
              {r.label}: {signed(r.gap)} ({r.qualityCount} rated)
            </li>
          ))}
        </ul>
      }
    >
      <BarChart
        data={data}
        layout="vertical"
        stackOffset="sign"
        margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
        accessibilityLayer={false}
      >
        <CartesianGrid horizontal={false} stroke="#e3e7ec" />
        {/* The gap of two 1-5 ratings lies within ±4: a fixed axis keeps charts of different filters comparable. */}
        <XAxis
          type="number"
          domain={[-4, 4]}
          ticks={GAP_TICKS}
          tickFormatter={(v: number) => (v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0')}
          tick={{ fill: '#4a5360', fontSize: 12 }}
        />
        <YAxis type="category" dataKey="label" width={190} interval={0} tickLine={false} tick={{ fill: '#1b1f24', fontSize: 13 }} />
        <ReferenceLine x={0} stroke="#1b1f24" />
        <Tooltip cursor={{ fill: '#eef1f5' }} content={GapTooltip} />
        <Legend verticalAlign="top" itemSorter={null} />
        <Bar dataKey="short" stackId="gap" name="Falls short" fill={SHORT} isAnimationActive={false} />
        <Bar dataKey="meets" stackId="gap" name="Meets or exceeds" fill={MEETS} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

/** The tooltip of a bar: the pair and its gap (not the two stacked series it is drawn with). */
function GapTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const row = active ? (payload?.[0]?.payload as GapRow | undefined) : undefined;
  if (!row) return null;
  return (
    <div className="dash-tooltip">
      <strong>{row.label}</strong>
      <div>
        Gap {signed(row.gap)} ({row.qualityCount} rated)
      </div>
    </div>
  );
}
