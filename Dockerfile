# Tessera in a container: built in one stage, run from built JavaScript with runtime dependencies only,
# as an unprivileged user, its data (SQLite, secret.key) on a volume.
#   docker build -t tessera .
#   docker run -d --name tessera -p 8080:8080 -v tessera-data:/data tessera
#   docker logs tessera   (the first owner token; or set TESSERA_BOOTSTRAP_TOKEN_FILE=/data/first-owner-token)
# test/ops/production-install.test.ts runs this file's steps (no Docker engine is needed for that).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles itself where no prebuilt binary fits the platform.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    TESSERA_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/packages/client/package.json ./packages/client/package.json
COPY --from=build /app/packages/client/dist ./packages/client/dist
# The dashboard the server serves at /ui/: its built files, found beside its package.json.
COPY --from=build /app/web/package.json ./web/package.json
COPY --from=build /app/web/dist ./web/dist
# The image's `node` user (uid 1000) owns the data directory, 0700 like Tessera creates it.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# node as PID 1 (exec form, no npm, no shell): SIGTERM reaches the server, which drains and exits 0.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/cli/main.js", "serve"]
