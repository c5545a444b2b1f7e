# Counterclaim: build with dev dependencies, run with production dependencies only, as a non-root user.
# The same commands as scripts/production-check.sh, which CI runs (tests/deploy-files.test.ts compares them).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY views ./views
COPY public ./public
# The founding case's source article, read when the first start seeds an empty database.
COPY seeds/founding-article.txt ./seeds/founding-article.txt
COPY --from=build /app/dist ./dist
# The embedded database (when DATABASE_URL is unset) lives in /data: mount a volume there.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# SIGTERM lets in-flight requests finish (SHUTDOWN_GRACE_SECONDS, 10 by default; give `docker stop`
# a longer --time than that). node is PID 1 itself, with its own signal handlers: no npm, no shell.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server/index.js"]
