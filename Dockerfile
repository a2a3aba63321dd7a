# Two stages: build with the dev dependencies, run with the production ones only, as a non-root user.
# Node 24, an LTS line in support; the code also runs on Node 20 and 22 (CI tests all three).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied; the build is the next step.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scenarios ./scenarios
COPY schema ./schema
# Recordings are written here; mount a volume to keep them.
RUN mkdir -p /app/recordings && chown node:node /app/recordings
USER node
EXPOSE 3000
# GET /healthz needs no token and no particular Host; the slim image has no curl, so Node asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
VOLUME ["/app/recordings"]
ENTRYPOINT ["node", "dist/cli.js"]
# Bound to every interface inside the container, so the server requires ASYNCTOOL_AUTH_TOKEN
# (it refuses to start without one) and accepts the Host names given in --allowed-hosts.
CMD ["serve", "--transport", "http", "--host", "0.0.0.0", "--port", "3000", "--recordings", "/app/recordings", \
     "--allowed-hosts", "localhost", "127.0.0.1"]
