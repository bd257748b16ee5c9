import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';

/**
 * The benchmark's peer: @neo4j/graphql (the Neo4j GraphQL Library, v7) serving type definitions
 * over Rapport's own labels, relationships and properties, on the same database, through Apollo
 * Server's standalone HTTP server. It runs bare: no authentication, no authorization rules, no
 * plugins, no limits; the library's defaults otherwise. POST /graphql with `{ query, variables }`
 * (the reads' `peerGraphql` in bench/reads.ts). Run by the benchmarks as its own process, like the
 * API server and the raw Cypher server.
 *
 * Enum-valued properties (kind, lifecycleStage, channel, ...) are plain Strings here: Rapport
 * stores them as their names, and the answers are the same JSON. A relationship to one node
 * (a handler, a segment, an author) is a list, since v7 has no single-node relationship fields;
 * the reads take its first item, as the raw statements do. The library formats DateTime values
 * with APOC (`apoc.date.convertFormat`), so the database needs APOC core (the benchmarks start
 * theirs with it; see src/db/local-neo4j.ts).
 */
export const PEER_TYPE_DEFS = /* GraphQL */ `
  type Customer @node {
    id: ID!
    name: String!
    nameLower: String!
    kind: String!
    lifecycleStage: String!
    revenue: Float
    lifetimeValue: Float
    owners: [Employee!]! @relationship(type: "OWNS_ACCOUNT", direction: IN)
    needs: [Need!]! @relationship(type: "HAS_NEED", direction: OUT, properties: "HeldNeed")
    interactions: [Interaction!]! @relationship(type: "WITH_CUSTOMER", direction: IN)
    insights: [Insight!]! @relationship(type: "ABOUT", direction: IN)
    segment: [Segment!]! @relationship(type: "IN_SEGMENT", direction: OUT)
  }

  type HeldNeed @relationshipProperties {
    intensity: Float!
  }

  type Employee @node {
    id: ID!
    name: String!
    nameLower: String!
  }

  type Need @node {
    id: ID!
    title: String!
    titleLower: String!
    status: String!
  }

  type Interaction @node {
    id: ID!
    occurredAt: DateTime!
    channel: String!
    touchpoint: String!
    summary: String!
    sentiment: Float
    customer: [Customer!]! @relationship(type: "WITH_CUSTOMER", direction: OUT)
    handler: [Employee!]! @relationship(type: "HANDLED_BY", direction: OUT)
    needs: [Need!]! @relationship(type: "EXPRESSED", direction: OUT)
  }

  type Insight @node {
    id: ID!
    title: String!
    status: String!
    confidence: Float!
    createdAt: DateTime!
    author: [Employee!]! @relationship(type: "AUTHORED", direction: IN)
    annotations: [Annotation!]! @relationship(type: "ON", direction: IN)
  }

  type Annotation @node {
    id: ID!
    kind: String!
    body: String!
    createdAt: DateTime!
    author: [Employee!]! @relationship(type: "WROTE", direction: IN)
  }

  type Segment @node {
    id: ID!
    name: String!
  }
`;

async function main(): Promise<void> {
  const driver = neo4j.driver(process.env.NEO4J_URI!, neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD ?? 'unused'), {
    maxConnectionPoolSize: 50,
  });
  const database = process.env.NEO4J_DATABASE ?? 'neo4j';
  const schema = await new Neo4jGraphQL({ typeDefs: PEER_TYPE_DEFS, driver }).getSchema();
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => ({ sessionConfig: { database } }),
  });
  process.stdout.write(`peer GraphQL server ready at ${url.replace(/\/$/, '')}\n`);

  const stop = () => void server.stop().then(() => driver.close().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
