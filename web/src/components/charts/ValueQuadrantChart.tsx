import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { CartesianGrid, Legend, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis, type SymbolType } from 'recharts';
import type { ValueQuadrant } from '../../gql/graphql';
import { format } from '../Status';
import { ChartFigure, compactMoney, count } from './ChartFigure';

export interface QuadrantCustomer {
  id: string;
  name: string;
  revenue: number;
  costToServe: number;
  quadrant: ValueQuadrant;
}

/** The quadrants in reading order, with what each one suggests (from the schema's descriptions). */
export const QUADRANTS: { quadrant: ValueQuadrant; label: string; advice: string; color: string; shape: SymbolType }[] = [
  { quadrant: 'HIGH_REVENUE_LOW_COST', label: 'High revenue, low cost', advice: 'keep and grow', color: '#1d7a46', shape: 'circle' },
  {
    quadrant: 'HIGH_REVENUE_HIGH_COST',
    label: 'High revenue, high cost',
    advice: 'serve more efficiently',
    color: '#1f5fbf',
    shape: 'diamond',
  },
  {
    quadrant: 'LOW_REVENUE_LOW_COST',
    label: 'Low revenue, low cost',
    advice: 'grow the share of customer',
    color: '#7a4fa3',
    shape: 'square',
  },
  {
    quadrant: 'LOW_REVENUE_HIGH_COST',
    label: 'Low revenue, high cost',
    advice: 'rethink how to serve',
    color: '#b5410f',
    shape: 'triangle',
  },
];
export const quadrantLabel = (q: ValueQuadrant) => QUADRANTS.find((d) => d.quadrant === q)?.label ?? q;

/** Customers with the same revenue and cost share one point (many small customers sit at €0). */
interface Point {
  key: string;
  revenue: number;
  costToServe: number;
  quadrant: ValueQuadrant;
  count: number;
  customers: { id: string; name: string }[];
}

/** Powers of ten from 0 up to the first one at or above `max`: ticks for a symmetric-log axis. */
function logTicks(max: number): number[] {
  const ticks = [0];
  for (let t = 1; ; t *= 10) {
    if (t > 1) ticks.push(t);
    if (t >= max) return ticks;
  }
}

/**
 * Customers by revenue (x) and cost to serve (y), coloured and shaped by value quadrant, with the
 * medians that divide the quadrants as reference lines. The values span from €0 to hundreds of
 * thousands, so the axes are symmetric-logarithmic by default (which, unlike a log scale, shows 0);
 * a linear scale can be chosen. Clicking a point opens the customer (or lists them when several share it).
 */
export function ValueQuadrantChart({
  customers,
  medianRevenue,
  medianCostToServe,
}: {
  customers: QuadrantCustomer[];
  medianRevenue: number | null;
  medianCostToServe: number | null;
}) {
  const navigate = useNavigate();
  const [linear, setLinear] = useState(false);
  const [selected, setSelected] = useState<Point | null>(null);

  const points = useMemo(() => {
    const byKey = new Map<string, Point>();
    for (const c of customers) {
      const key = `${c.quadrant}|${c.revenue}|${c.costToServe}`;
      const point = byKey.get(key) ?? {
        key,
        revenue: c.revenue,
        costToServe: c.costToServe,
        quadrant: c.quadrant,
        count: 0,
        customers: [],
      };
      point.count += 1;
      point.customers.push({ id: c.id, name: c.name });
      byKey.set(key, point);
    }
    return [...byKey.values()];
  }, [customers]);

  const maxRevenue = Math.max(1, ...customers.map((c) => c.revenue), medianRevenue ?? 0);
  const maxCost = Math.max(1, ...customers.map((c) => c.costToServe), medianCostToServe ?? 0);
  const counts = QUADRANTS.map((q) => ({ ...q, count: customers.filter((c) => c.quadrant === q.quadrant).length }));
  const largest = [...counts].sort((a, b) => b.count - a.count)[0];
  const summary =
    `Scatter plot of ${count(customers.length, 'customer')} by revenue and cost to serve, split at the median revenue ` +
    `(${format.money(medianRevenue)}) and the median cost to serve (${format.money(medianCostToServe)}). ` +
    counts.map((q) => `${q.label}: ${q.count}`).join('; ') +
    `. The largest group is ${largest.label.toLowerCase()}.`;

  const axis = (max: number) =>
    linear
      ? ({ scale: 'linear', domain: [0, 'auto'] } as const)
      : ({ scale: 'symlog', domain: [0, logTicks(max).at(-1)!], ticks: logTicks(max) } as const);

  const open = (point: Point) => {
    if (point.customers.length === 1) navigate(`/customers/${point.customers[0].id}`);
    else setSelected(point);
  };

  return (
    <>
      <div className="row dash-chart-tools">
        <label className="check">
          <input type="checkbox" checked={linear} onChange={(e) => setLinear(e.target.checked)} /> Linear axes (default: logarithmic, so
          small customers stay visible)
        </label>
      </div>
      <ChartFigure
        summary={summary}
        height={440}
        caption="Each point is a customer (bigger when several share the same figures); dashed lines are the medians. Click a point to open the customer."
        numbersLabel="The customers as a table, with links"
        numbers={
          <table>
            <caption className="sr-only">Customers by value quadrant</caption>
            <thead>
              <tr>
                <th>Customer</th>
                <th>Quadrant</th>
                <th className="num">Revenue per year</th>
                <th className="num">Cost to serve per year</th>
                <th className="num">Profit per year</th>
              </tr>
            </thead>
            <tbody>
              {customers.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/customers/${c.id}`}>{c.name}</Link>
                  </td>
                  <td>{quadrantLabel(c.quadrant)}</td>
                  <td className="num">{format.money(c.revenue)}</td>
                  <td className="num">{format.money(c.costToServe)}</td>
                  <td className="num">{format.money(c.revenue - c.costToServe)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        <ScatterChart margin={{ top: 16, right: 24, bottom: 28, left: 16 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e3e7ec" />
          <XAxis
            type="number"
            dataKey="revenue"
            name="Revenue"
            {...axis(maxRevenue)}
            // Room for points at €0, which would otherwise be cut in half by the plot's edge.
            padding={{ left: 16, right: 8 }}
            tickFormatter={compactMoney}
            tick={{ fill: '#4a5360', fontSize: 12 }}
            label={{ value: 'Revenue per year', position: 'insideBottom', offset: -16, fill: '#1b1f24', fontSize: 13 }}
          />
          <YAxis
            type="number"
            dataKey="costToServe"
            name="Cost to serve"
            {...axis(maxCost)}
            width={64}
            padding={{ bottom: 16, top: 8 }}
            tickFormatter={compactMoney}
            tick={{ fill: '#4a5360', fontSize: 12 }}
            label={{
              value: 'Cost to serve per year',
              angle: -90,
              position: 'insideLeft',
              offset: 4,
              dy: 70,
              fill: '#1b1f24',
              fontSize: 13,
            }}
          />
          {/* Point area grows with the number of customers sharing it. */}
          <ZAxis type="number" dataKey="count" range={[70, 400]} />
          {/* Logarithmic: labels in the top left, the low-revenue, high-cost corner that least often holds points.
              Linear: the medians hug the axes, where the small customers crowd, so the labels go right and up.
              (On a vertical line, "insideTopRight" puts the text left of the line, "insideTopLeft" right of it.) */}
          {medianRevenue !== null ? (
            <ReferenceLine
              x={medianRevenue}
              stroke="#4a5360"
              strokeDasharray="5 4"
              label={{
                value: `median revenue ${compactMoney(medianRevenue)}`,
                position: linear ? 'insideTopLeft' : 'insideTopRight',
                fill: '#4a5360',
                fontSize: 12,
              }}
            />
          ) : null}
          {medianCostToServe !== null ? (
            <ReferenceLine
              y={medianCostToServe}
              stroke="#4a5360"
              strokeDasharray="5 4"
              label={{
                value: `median cost ${compactMoney(medianCostToServe)}`,
                position: linear ? 'insideTopRight' : 'insideTopLeft',
                fill: '#4a5360',
                fontSize: 12,
              }}
            />
          ) : null}
          <Tooltip cursor={{ strokeDasharray: '3 3' }} content={PointTooltip} />
          <Legend verticalAlign="top" itemSorter={null} />
          {counts.map((q) => (
            <Scatter
              key={q.quadrant}
              name={`${q.label} (${q.count})`}
              data={points.filter((p) => p.quadrant === q.quadrant)}
              fill={q.color}
              shape={q.shape}
              cursor="pointer"
              isAnimationActive={false}
              onClick={(item) => open(item.payload as Point)}
            />
          ))}
        </ScatterChart>
      </ChartFigure>
      {selected ? (
        <div className="notice notice-info dash-selected" role="status">
          <strong>
            {selected.count} customers at revenue {format.money(selected.revenue)} and cost to serve {format.money(selected.costToServe)}:
          </strong>
          <ul className="dash-inline-list">
            {selected.customers.map((c) => (
              <li key={c.id}>
                <Link to={`/customers/${c.id}`}>{c.name}</Link>
              </li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={() => setSelected(null)}>
            Close
          </button>
        </div>
      ) : null}
    </>
  );
}

/** The tooltip of a point: who, and their figures. */
function PointTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const point = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
  if (!point) return null;
  const names = point.customers.slice(0, 5).map((c) => c.name);
  const more = point.customers.length - names.length;
  return (
    <div className="dash-tooltip">
      <strong>{names.join(', ')}</strong>
      {more > 0 ? ` and ${more} more` : ''}
      <div>{quadrantLabel(point.quadrant)}</div>
      <div>
        Revenue {format.money(point.revenue)} · cost to serve {format.money(point.costToServe)}
      </div>
      <div className="muted">{point.count === 1 ? 'Click to open' : 'Click to list them'}</div>
    </div>
  );
}
