import { Bar, BarChart, CartesianGrid, LabelList, Legend, Text, Tooltip, XAxis, YAxis, type YAxisTickContentProps } from 'recharts';
import { ChartFigure, count } from './ChartFigure';

/** One need: distinct customers who expressed it in the window and in the window before. */
export interface NeedTrendRow {
  id: string;
  title: string;
  customers: number;
  previousCustomers: number;
  interactions: number;
  /** customers / previousCustomers; null when it was not expressed before (new). */
  growth: number | null;
}

const CURRENT = '#1f5fbf';
const PREVIOUS = '#6b7788'; // 4.6:1 on white: visible next to the blue without relying on hue alone
const TITLE_WIDTH = 250;
const ROW_HEIGHT = 56;

/** Growth in words: "new", "+400%", "−33%", "no change". */
export function growthLabel(growth: number | null): string {
  if (growth === null) return 'new';
  const percent = Math.round((growth - 1) * 100);
  if (percent === 0) return 'no change';
  return percent > 0 ? `+${percent}%` : `−${Math.abs(percent)}%`;
}

/**
 * Horizontal grouped bars: one row per need (its full title, wrapped), customers in this window
 * against the window before, with the growth written at the end of the row.
 */
export function NeedTrendsChart({
  rows,
  windowLabel,
  previousLabel,
}: {
  rows: NeedTrendRow[];
  windowLabel: string;
  previousLabel: string;
}) {
  const data = rows.map((r) => ({ ...r, growthText: growthLabel(r.growth) }));
  const top = rows[0];
  // Counts are small whole numbers: one tick per customer up to 10, Recharts' own ticks beyond.
  const most = Math.max(1, ...rows.flatMap((r) => [r.customers, r.previousCustomers]));
  const ticks = most <= 10 ? Array.from({ length: most + 1 }, (_, i) => i) : undefined;
  const risers = rows.filter((r) => r.growth === null || r.growth > 1).length;
  const summary =
    `Bar chart of ${count(rows.length, 'need')} by customers who expressed them, ${windowLabel} against ${previousLabel}. ` +
    `Most expressed: "${top.title}" by ${count(top.customers, 'customer')} (${growthLabel(top.growth)}). ` +
    `${risers} of ${rows.length} needs grew or are new.`;
  return (
    <ChartFigure
      summary={summary}
      height={rows.length * ROW_HEIGHT + 70}
      caption={`Customers who expressed each need: ${windowLabel} (blue) against ${previousLabel} (grey); growth at the end of each row.`}
      numbers={
        <table>
          <caption className="sr-only">Need trends</caption>
          <thead>
            <tr>
              <th>Need</th>
              <th className="num">Customers, {windowLabel}</th>
              <th className="num">Customers, {previousLabel}</th>
              <th className="num">Growth</th>
              <th className="num">Interactions</th>
            </tr>
          </thead>
          <tbody>
            {data.map((r) => (
              <tr key={r.id}>
                <td>{r.title}</td>
                <td className="num">{r.customers}</td>
                <td className="num">{r.previousCustomers}</td>
                <td className="num">{r.growthText}</td>
                <td className="num">{r.interactions}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <BarChart
        data={data}
        layout="vertical"
        margin={{ top: 4, right: 84, bottom: 4, left: 8 }}
        barCategoryGap="22%"
        accessibilityLayer={false}
      >
        <CartesianGrid horizontal={false} stroke="#e3e7ec" />
        <XAxis
          type="number"
          allowDecimals={false}
          domain={[0, ticks ? most : 'auto']}
          ticks={ticks}
          tick={{ fill: '#4a5360', fontSize: 12 }}
        />
        <YAxis
          type="category"
          dataKey="title"
          width={TITLE_WIDTH}
          interval={0}
          tickLine={false}
          // Long need titles wrap onto up to three lines instead of being cut off. Recharts measures
          // words a little narrower than Chromium draws them, hence the slack on the left.
          tick={({ x, y, payload }: YAxisTickContentProps) => (
            <Text
              x={x}
              y={y}
              width={TITLE_WIDTH - 50}
              maxLines={3}
              textAnchor="end"
              verticalAnchor="middle"
              style={{ fontSize: 13 }}
              fill="#1b1f24"
            >
              {String(payload.value)}
            </Text>
          )}
        />
        <Tooltip cursor={{ fill: '#eef1f5' }} formatter={(value, name) => [`${value} customers`, name]} />
        <Legend verticalAlign="top" itemSorter={null} />
        <Bar dataKey="customers" name={windowLabel} fill={CURRENT} isAnimationActive={false}>
          <LabelList dataKey="growthText" position="right" fill="#1b1f24" fontSize={12} />
        </Bar>
        <Bar dataKey="previousCustomers" name={previousLabel} fill={PREVIOUS} isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}
