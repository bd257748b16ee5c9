import { useQuery } from '@apollo/client/react';
import cytoscape from 'cytoscape';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { graphql } from '../gql';
import type { NeighbourhoodQuery } from '../gql/graphql';
import { Empty, ErrorNotice, format, Loading } from './Status';

/** How much of the neighbourhood one picture shows (the query's estimated cost stays under 1,000; the limit is 200,000). */
const INTERACTIONS = 15;
const INSIGHTS = 10;
const CONTACTS = 10;
const SIMILAR = 5;

const Neighbourhood = graphql(`
  query Neighbourhood($id: ID!, $interactions: Int!, $insights: Int!, $contacts: Int!, $similar: Int!) {
    customer(id: $id) {
      id
      name
      kind
      owners {
        id
        name
        team
      }
      heldNeeds {
        intensity
        need {
          id
          title
          status
        }
      }
      insights(first: $insights) {
        totalCount
        edges {
          node {
            id
            title
            status
            subjects {
              ... on Need {
                id
              }
            }
            evidence {
              id
            }
          }
        }
      }
      interactions(first: $interactions) {
        totalCount
        edges {
          node {
            id
            occurredAt
            channel
            summary
            handler {
              id
              name
              team
            }
            needs {
              id
              title
              status
            }
          }
        }
      }
      organization {
        id
        name
        kind
      }
      contacts(first: $contacts) {
        totalCount
        edges {
          node {
            id
            name
            kind
          }
        }
      }
      similarCustomers(first: $similar) {
        score
        customer {
          id
          name
          kind
        }
      }
    }
  }
`);

type Customer = NonNullable<NeighbourhoodQuery['customer']>;

export type NodeKind = 'customer' | 'employee' | 'need' | 'insight' | 'interaction';

/**
 * Each kind has a colour and a shape (so the picture does not depend on colour alone). Every colour
 * keeps at least 4.5:1 against white, so a node is as visible as text; labels are drawn in ink.
 */
const KINDS: Record<NodeKind, { plural: string; colour: string; shape: cytoscape.Css.NodeShape; size: number }> = {
  customer: { plural: 'Customers', colour: '#1f5fbf', shape: 'ellipse', size: 30 },
  employee: { plural: 'Employees', colour: '#6a2bb8', shape: 'round-rectangle', size: 24 },
  need: { plural: 'Needs', colour: '#a34a00', shape: 'diamond', size: 26 },
  insight: { plural: 'Insights', colour: '#1d6b35', shape: 'star', size: 28 },
  interaction: { plural: 'Interactions', colour: '#5b6472', shape: 'round-triangle', size: 18 },
};
const KIND_ORDER: NodeKind[] = ['customer', 'employee', 'need', 'insight', 'interaction'];

export type Relation = 'OWNS' | 'HAS_NEED' | 'ABOUT' | 'CITES' | 'WITH' | 'HANDLED' | 'EXPRESSES' | 'SIMILAR_TO' | 'WORKS_FOR';

export interface GraphNode {
  /** Unique in the picture: the kind and the object's id (ids of different kinds may not clash). */
  key: string;
  id: string;
  kind: NodeKind;
  /** Short, drawn on the canvas. */
  label: string;
  /** The name or title in full. */
  name: string;
  /** In full with details, for the list and the tooltip. */
  text: string;
  /** Where a tap (or the list's link) goes; none for the customer at the centre and for kinds without a page. */
  href?: string;
  centre?: boolean;
}

export interface GraphEdge {
  key: string;
  source: string;
  target: string;
  relation: Relation;
}

export interface Neighbourhood {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** What the picture leaves out (the newest interactions only, and so on), in words. */
  cut: string[];
}

/** Cuts a label to a length that fits under a node without running into its neighbours. */
function short(text: string, max = 20): string {
  const t = text.trim().replace(/\s+/g, ' ');
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** Turns the customer and what surrounds it into nodes and edges, each once. */
export function buildNeighbourhood(c: Customer): Neighbourhood {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const node = (kind: NodeKind, id: string, name: string, label: string, text: string, href?: string): string => {
    const key = `${kind}:${id}`;
    if (!nodes.has(key)) nodes.set(key, { key, id, kind, name, label, text, href });
    return key;
  };
  const edge = (source: string, relation: Relation, target: string) => {
    const key = `${source}>${relation}>${target}`;
    if (!edges.has(key)) edges.set(key, { key, source, target, relation });
  };
  const customer = (x: { id: string; name: string; kind: string }, detail = '') =>
    node('customer', x.id, x.name, short(x.name), `${x.name} (${format.words(x.kind).toLowerCase()}${detail})`, `/customers/${x.id}`);
  const need = (n: { id: string; title: string; status: string }, detail = '') =>
    node('need', n.id, n.title, short(n.title), `${n.title} (${format.words(n.status).toLowerCase()}${detail})`);
  const employee = (e: { id: string; name: string; team: string }) => node('employee', e.id, e.name, short(e.name), `${e.name}, ${e.team}`);

  const centre = `customer:${c.id}`;
  nodes.set(centre, {
    key: centre,
    id: c.id,
    kind: 'customer',
    name: c.name,
    label: short(c.name, 28),
    text: `${c.name} (this customer)`,
    centre: true,
  });

  for (const owner of c.owners) edge(employee(owner), 'OWNS', centre);
  for (const held of c.heldNeeds) edge(centre, 'HAS_NEED', need(held.need, `, intensity ${format.percent(held.intensity)}`));
  if (c.organization) edge(centre, 'WORKS_FOR', customer(c.organization));
  for (const { node: contact } of c.contacts.edges) edge(customer(contact), 'WORKS_FOR', centre);

  // Interactions before insights, so that an insight's evidence can link to the ones shown.
  for (const { node: i } of c.interactions.edges) {
    const when = format.date(i.occurredAt);
    const key = node(
      'interaction',
      i.id,
      `${format.words(i.channel)}, ${when}`,
      `${format.words(i.channel)} ${when}`,
      `${format.words(i.channel)}, ${when}: ${i.summary}${i.handler ? ` (handled by ${i.handler.name})` : ''}`,
    );
    edge(key, 'WITH', centre);
    if (i.handler) edge(employee(i.handler), 'HANDLED', key);
    for (const n of i.needs) edge(key, 'EXPRESSES', need(n));
  }

  for (const { node: insight } of c.insights.edges) {
    const status = format.words(insight.status).toLowerCase();
    const key = node(
      'insight',
      insight.id,
      insight.title,
      `${short(insight.title)}\n(${status})`,
      `${insight.title} (${status})`,
      `/insights/${insight.id}`,
    );
    edge(key, 'ABOUT', centre);
    // Only to needs and interactions already in the picture: the picture is about this customer.
    for (const subject of insight.subjects) {
      if ('id' in subject && nodes.has(`need:${subject.id}`)) edge(key, 'ABOUT', `need:${subject.id}`);
    }
    for (const evidence of insight.evidence) {
      if (nodes.has(`interaction:${evidence.id}`)) edge(key, 'CITES', `interaction:${evidence.id}`);
    }
  }

  for (const similar of c.similarCustomers ?? []) {
    edge(centre, 'SIMILAR_TO', customer(similar.customer, `, similarity ${format.percent(similar.score)}`));
  }

  const cut: string[] = [];
  if (c.interactions.totalCount > c.interactions.edges.length)
    cut.push(`the ${c.interactions.edges.length} newest of ${c.interactions.totalCount} interactions`);
  if (c.insights.totalCount > c.insights.edges.length)
    cut.push(`the ${c.insights.edges.length} newest of ${c.insights.totalCount} insights`);
  if (c.contacts.totalCount > c.contacts.edges.length) cut.push(`${c.contacts.edges.length} of ${c.contacts.totalCount} contacts`);
  if (c.similarCustomers === null || c.similarCustomers === undefined) cut.push('no similar customers (no analytics consent)');

  return { nodes: [...nodes.values()], edges: [...edges.values()], cut };
}

/** "1 customer, 3 employees, 8 needs ..." for the canvas's accessible name. */
function countsInWords(nodes: GraphNode[]): string {
  return KIND_ORDER.map((kind) => {
    const n = nodes.filter((x) => x.kind === kind).length;
    const word = KINDS[kind].plural.toLowerCase();
    return n === 0 ? null : `${n} ${n === 1 ? word.replace(/s$/, '') : word}`;
  })
    .filter(Boolean)
    .join(', ');
}

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 10,
      color: '#1b1f24',
      'text-valign': 'bottom',
      'text-halign': 'center',
      'text-margin-y': 3,
      'text-wrap': 'wrap',
      'text-max-width': '130px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      'text-background-shape': 'roundrectangle',
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  ...KIND_ORDER.map((kind) => ({
    selector: `node[kind = "${kind}"]`,
    style: { 'background-color': KINDS[kind].colour, shape: KINDS[kind].shape, width: KINDS[kind].size, height: KINDS[kind].size },
  })),
  {
    selector: 'node[?centre]',
    style: { width: 44, height: 44, 'font-size': 12, 'font-weight': 'bold', 'border-width': 4, 'border-color': '#12284a' },
  },
  { selector: 'node[href]', style: { 'overlay-opacity': 0 } },
  {
    selector: 'edge',
    style: {
      width: 1.2,
      'line-color': '#9aa3af',
      'target-arrow-color': '#9aa3af',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'curve-style': 'bezier',
      label: 'data(relation)',
      'font-size': 8,
      // Hidden when drawn smaller than this, so a zoomed-out picture is not covered in tiny words.
      'min-zoomed-font-size': 7,
      color: '#4a5360',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
    },
  },
  // The spokes from and to the customer all meet in the centre: their labels go to the outer end,
  // where they have room, instead of piling up in the middle.
  {
    selector: 'edge[spoke = "out"]',
    style: { label: '', 'target-label': 'data(relation)', 'target-text-offset': 50, 'target-text-rotation': 'autorotate' },
  },
  {
    selector: 'edge[spoke = "in"]',
    style: { label: '', 'source-label': 'data(relation)', 'source-text-offset': 50, 'source-text-rotation': 'autorotate' },
  },
  // Hovering a node brings out its links and dims the rest, to follow one thread in a dense picture.
  { selector: '.faded', style: { opacity: 0.25 } },
  {
    selector: 'edge.near',
    style: { 'line-color': '#1b1f24', 'target-arrow-color': '#1b1f24', width: 2, color: '#1b1f24', 'font-size': 9 },
  },
];

/**
 * Places the customer in the centre and its direct relations around it, then lets a force-directed
 * layout (cytoscape's built-in 'cose') untangle the rest. Starting from fixed rings, not random
 * positions, makes the picture the same on every visit.
 */
function ringPositions(graph: Neighbourhood): Record<string, { x: number; y: number }> {
  const ring = (n: GraphNode) =>
    n.centre
      ? 0
      : n.kind === 'interaction'
        ? 2
        : n.kind === 'employee' && !graph.edges.some((e) => e.source === n.key && e.relation === 'OWNS')
          ? 3
          : 1;
  const rings: GraphNode[][] = [[], [], [], []];
  for (const n of graph.nodes) rings[ring(n)].push(n);
  const positions: Record<string, { x: number; y: number }> = {};
  rings.forEach((members, r) => {
    members.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, members.length) + r * 0.4;
      positions[n.key] = { x: Math.cos(angle) * r * 160, y: Math.sin(angle) * r * 160 };
    });
  });
  return positions;
}

/**
 * A force-directed layout decides where things go relative to each other, not how large the picture
 * is: a busy neighbourhood comes out much larger than the box, and fitting it by zooming out would
 * shrink labels below reading size. So the positions themselves are scaled to the box (sideways more
 * than up and down: the box is wide, labels are wider than tall), and the picture is drawn at about
 * its natural size. A narrow box gets a minimum width and is zoomed out instead.
 */
function spreadOverBox(cy: cytoscape.Core) {
  const nodes = cy.nodes();
  const bb = nodes.boundingBox({ includeLabels: false });
  // Room left for the labels of the outermost nodes.
  const width = Math.max(cy.width(), 640) - 150;
  const height = Math.max(cy.height(), 360) - 70;
  const sx = bb.w > 0 ? Math.min(width / bb.w, 2) : 1;
  const sy = bb.h > 0 ? Math.min(height / bb.h, 2) : 1;
  const cx = (bb.x1 + bb.x2) / 2;
  const cy0 = (bb.y1 + bb.y2) / 2;
  nodes.positions((node) => ({ x: (node.position('x') - cx) * sx, y: (node.position('y') - cy0) * sy }));
  separateLabels(nodes);
  fitToBox(cy);
}

/** Fits the whole picture in the box, but never blows a small one up beyond a little over its natural size. */
function fitToBox(cy: cytoscape.Core) {
  cy.fit(undefined, 12);
  if (cy.zoom() > 1.2) {
    cy.zoom(1.2);
    cy.center();
  }
}

/**
 * Squeezing the picture into the box makes some nodes and labels overlap. This pushes overlapping
 * pairs apart, sideways where that is the shorter way out (the box has more room across than down),
 * a few dozen rounds at most; the customer in the centre stays put.
 */
function separateLabels(nodes: cytoscape.NodeCollection) {
  const gap = 4;
  const boxes = nodes.map((node) => {
    const p = node.position();
    const bb = node.boundingBox({ includeLabels: true, includeOverlays: false });
    return {
      node,
      x: p.x,
      y: p.y,
      left: p.x - bb.x1,
      right: bb.x2 - p.x,
      top: p.y - bb.y1,
      bottom: bb.y2 - p.y,
      fixed: !!node.data('centre'),
    };
  });
  for (let round = 0; round < 60; round++) {
    let moved = false;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        const ox = Math.min(a.x + a.right, b.x + b.right) - Math.max(a.x - a.left, b.x - b.left) + gap;
        const oy = Math.min(a.y + a.bottom, b.y + b.bottom) - Math.max(a.y - a.top, b.y - b.top) + gap;
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        // Who moves: both by half, or the other one all the way when one is the fixed centre.
        const shareA = a.fixed ? 0 : b.fixed ? 1 : 0.5;
        const shareB = 1 - shareA;
        if (ox < oy * 2) {
          const dir = a.x < b.x || (a.x === b.x && i < j) ? -1 : 1;
          a.x += dir * ox * shareA;
          b.x -= dir * ox * shareB;
        } else {
          const dir = a.y < b.y ? -1 : 1;
          a.y += dir * oy * shareA;
          b.y -= dir * oy * shareB;
        }
      }
    }
    if (!moved) break;
  }
  for (const box of boxes) box.node.position({ x: box.x, y: box.y });
}

/**
 * One customer's neighbourhood in the knowledge graph: owners, needs, insights about it, its newest
 * interactions with their handlers and the needs they express, its organization or contacts, and
 * similar customers. Tap a customer or an insight to open it. The same content is offered as a
 * list for keyboard and screen-reader users.
 */
export function NeighbourhoodGraph({ customerId }: { customerId: string }) {
  const { data, loading, error, refetch } = useQuery(Neighbourhood, {
    variables: { id: customerId, interactions: INTERACTIONS, insights: INSIGHTS, contacts: CONTACTS, similar: SIMILAR },
  });
  const customer = data?.customer;
  const graph = useMemo(() => (customer ? buildNeighbourhood(customer) : null), [customer]);
  // The picture is redrawn only when what it shows changes, not on every cache update of the same data.
  const signature = graph ? [...graph.nodes.map((n) => `${n.key}=${n.label}`), ...graph.edges.map((e) => e.key)].join('|') : '';

  // The box in state, not only a ref: when it is mounted anew (after an error, say), the picture is drawn again.
  const [boxElement, setBoxElement] = useState<HTMLDivElement | null>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const navigate = useNavigate();
  // Read through a ref: a new navigate function must not rebuild the picture.
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;
  const graphRef = useRef(graph);
  graphRef.current = graph;
  const [laidOut, setLaidOut] = useState<{ signature: string; count: number } | null>(null);

  useEffect(() => {
    const current = graphRef.current;
    if (!boxElement || !current) return;
    const positions = ringPositions(current);
    const centreKey = current.nodes.find((n) => n.centre)?.key;
    const cy = cytoscape({
      container: boxElement,
      elements: [
        ...current.nodes.map((n) => ({
          group: 'nodes' as const,
          data: { id: n.key, kind: n.kind, label: n.label, text: n.text, href: n.href, centre: n.centre ?? false },
          position: positions[n.key],
        })),
        ...current.edges.map((e) => ({
          group: 'edges' as const,
          data: {
            id: e.key,
            source: e.source,
            target: e.target,
            relation: e.relation,
            spoke: e.source === centreKey ? 'out' : e.target === centreKey ? 'in' : undefined,
          },
        })),
      ],
      style: STYLE,
      layout: { name: 'preset' },
      // The wheel scrolls the page, not the picture: zoom with the buttons.
      userZoomingEnabled: false,
      minZoom: 0.3,
      maxZoom: 3,
      boxSelectionEnabled: false,
    });
    cyRef.current = cy;

    cy.on('tap', 'node', (event) => {
      const href = event.target.data('href') as string | undefined;
      if (href) navigateRef.current(href);
    });
    cy.on('mouseover', 'node', (event) => {
      const near = event.target.closedNeighborhood();
      cy.elements().not(near).addClass('faded');
      near.edges().addClass('near');
      // The label on the canvas is cut short; the browser's tooltip shows it in full.
      boxElement.title = event.target.data('text');
      if (event.target.data('href')) boxElement.style.cursor = 'pointer';
    });
    cy.on('mouseout', 'node', () => {
      cy.elements().removeClass('faded near');
      boxElement.title = '';
      boxElement.style.cursor = '';
    });

    const layout = cy.layout({
      name: 'cose',
      randomize: false,
      animate: false,
      fit: false,
      nodeDimensionsIncludeLabels: true,
      // Long spokes from the customer, short links between its neighbours: the customer gets room
      // around it, and an interaction settles next to its handler and the needs it expresses.
      idealEdgeLength: (edge: cytoscape.EdgeSingular) => (edge.source().data('centre') || edge.target().data('centre') ? 140 : 50),
      nodeRepulsion: () => 200000,
      nodeOverlap: 20,
      gravity: 0.3,
      numIter: 1500,
    });
    const sig = signature;
    layout.one('layoutstop', () => {
      spreadOverBox(cy);
      setLaidOut({ signature: sig, count: cy.nodes().length });
    });
    layout.run();

    return () => {
      layout.stop();
      cy.destroy();
      if (cyRef.current === cy) cyRef.current = null;
    };
  }, [signature, boxElement]);

  const zoom = (factor: number) => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  };

  if (error) {
    return (
      <div data-testid="neighbourhood-graph">
        <ErrorNotice error={error} onRetry={refetch} />
      </div>
    );
  }
  if (!data) {
    return <div data-testid="neighbourhood-graph">{loading ? <Loading what="the neighbourhood" /> : null}</div>;
  }
  if (!customer || !graph) {
    return (
      <div data-testid="neighbourhood-graph">
        <Empty>There is no such customer, so there is no neighbourhood to show.</Empty>
      </div>
    );
  }

  const summary = `Neighbourhood of ${customer.name}: ${countsInWords(graph.nodes)}; ${graph.edges.length} ${graph.edges.length === 1 ? 'link' : 'links'}.`;
  return (
    <div
      className="neighbourhood"
      data-testid="neighbourhood-graph"
      data-node-count={laidOut?.signature === signature ? laidOut.count : undefined}
    >
      <div className="neighbourhood-bar">
        <ul className="legend" aria-label="Legend">
          {KIND_ORDER.map((kind) => (
            <li key={kind}>
              <KindMark kind={kind} />
              {KINDS[kind].plural}
            </li>
          ))}
        </ul>
        <div className="neighbourhood-zoom" role="group" aria-label="Zoom the picture">
          <button type="button" className="secondary" onClick={() => zoom(1.25)} aria-label="Zoom in">
            +
          </button>
          <button type="button" className="secondary" onClick={() => zoom(0.8)} aria-label="Zoom out">
            −
          </button>
          <button type="button" className="secondary" onClick={() => cyRef.current && fitToBox(cyRef.current)}>
            Fit
          </button>
        </div>
      </div>
      {graph.nodes.length === 1 ? (
        <Empty>Nothing is linked to {customer.name} yet: no owners, needs, insights, interactions or similar customers.</Empty>
      ) : null}
      <div ref={setBoxElement} className="graph-box" role="img" aria-label={summary} />
      <p className="muted neighbourhood-note">
        Hover a node to follow its links; select a customer or an insight to open it. Drag to move the picture.
        {graph.cut.length ? ` Shown: ${graph.cut.join('; ')}.` : ''}
      </p>
      <details>
        <summary>The neighbourhood as a list</summary>
        {KIND_ORDER.map((kind) => {
          const members = graph.nodes.filter((n) => n.kind === kind);
          if (members.length === 0) return null;
          return (
            <section key={kind} aria-label={KINDS[kind].plural}>
              <h3>
                {KINDS[kind].plural} ({members.length})
              </h3>
              <ul>
                {members.map((n) => (
                  <li key={n.key}>
                    {n.href ? <Link to={n.href}>{n.text}</Link> : n.text}
                    <Relations node={n} graph={graph} />
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </details>
    </div>
  );
}

/** The links of one node in words, e.g. "OWNS Northwind Haulage GmbH", for the list. */
function Relations({ node, graph }: { node: GraphNode; graph: Neighbourhood }) {
  if (node.centre) return null;
  const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
  const parts = graph.edges
    .filter((e) => e.source === node.key || e.target === node.key)
    .map((e) =>
      e.source === node.key ? `${e.relation} ${byKey.get(e.target)?.name ?? ''}` : `${byKey.get(e.source)?.name ?? ''} ${e.relation} it`,
    );
  if (parts.length === 0) return null;
  return <span className="muted"> — {parts.join('; ')}</span>;
}

/** The kind's shape and colour, drawn small for the legend. */
function KindMark({ kind }: { kind: NodeKind }) {
  const fill = KINDS[kind].colour;
  const shapes: Record<NodeKind, ReactNode> = {
    customer: <circle cx="7" cy="7" r="6" fill={fill} />,
    employee: <rect x="1" y="2" width="12" height="10" rx="3" fill={fill} />,
    need: <polygon points="7,0.5 13.5,7 7,13.5 0.5,7" fill={fill} />,
    insight: <polygon points="7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5" fill={fill} />,
    interaction: <polygon points="7,1 13.5,12.5 0.5,12.5" fill={fill} />,
  };
  return (
    <svg className="legend-mark" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      {shapes[kind]}
    </svg>
  );
}
