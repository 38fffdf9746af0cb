# The ledger service image. Multi-stage: compile TypeScript with the dev toolchain, install only
# runtime dependencies in a second stage, and run as the unprivileged `node` user.
# Node 24 LTS (Node 20 reached end of life in April 2026). The service creates its data files 0600
# (its umask), so only the `node` user reads the store, the keys and the credentials.

FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY projections ./projections
COPY explorer ./explorer
RUN npm run build

FROM node:24-bookworm-slim AS runtime-deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    LEDGER_DATA_DIR=/var/lib/ledger
WORKDIR /app
COPY --from=runtime-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY package.json ./
RUN mkdir -p /var/lib/ledger && chown node:node /var/lib/ledger
USER node
VOLUME ["/var/lib/ledger"]
EXPOSE 3000
# Readiness, not mere liveness: the store answers, the followers keep up, the disk takes writes.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# A 32 MiB young generation: fewer scavenges under write load (see README, "Operating it").
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]
