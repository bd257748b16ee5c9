# The Rapport API. It talks to the Neo4j named by NEO4J_URI (see docker-compose.yml), so the image
# needs no Java: the local-Neo4j launcher is only for runs without NEO4J_URI. The knowledge
# workbench is served at / from dist/web.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY seeds ./seeds
# The workbench (web/) is built into dist/web from the committed schema.
COPY schema ./schema
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schema ./schema
USER node
EXPOSE 4000
CMD ["node", "dist/src/main.js"]
