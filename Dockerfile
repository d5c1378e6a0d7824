# Shipshape's own image, practising what it preaches: dependencies and the Next.js
# build in builder stages, only the standalone server in the final one, non-root.
# BASE_IMAGE_MAP applies here too: pass a mirrored Node image as NODE_IMAGE.
ARG NODE_IMAGE=node:22-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT=standalone
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# git clones submitted repositories; nothing else is added to the Node image.
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1001 --create-home shipshape \
    && mkdir /data && chown 1001 /data
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DATA_DIR=/data PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=1001 /app/.next/standalone ./
COPY --from=build --chown=1001 /app/.next/static ./.next/static
COPY --from=build --chown=1001 /app/prisma/migrations ./prisma/migrations
COPY --from=build --chown=1001 /app/samples ./samples
USER 1001
EXPOSE 3000
CMD ["node", "server.js"]
