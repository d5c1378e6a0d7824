# Shipshape's own image, practising what it preaches: dependencies and the Next.js
# build in builder stages; the final stage holds the standalone server, the two
# bundled command-line tools, git (to clone repositories) and nothing to build with.
# It runs as uid 1001. BASE_IMAGE_MAP applies here too: pass the mirrored Node image
# as NODE_IMAGE (docker build --build-arg NODE_IMAGE=mirror.example/node:22-slim .).
ARG NODE_IMAGE=node:22-slim

FROM ${NODE_IMAGE} AS deps
# better-sqlite3 compiles its native module when no prebuilt one can be downloaded;
# node-gyp then fetches Node's headers from nodejs.org, or from NODEJS_ORG_MIRROR
ARG NODEJS_ORG_MIRROR
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# `prisma generate` needs no schema engine; naming any file stops the CLI fetching one
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/true
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/postgres-schema.mjs scripts/link-bin.mjs ./scripts/
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT=standalone
RUN npm run build \
    && npx esbuild scripts/admin.ts scripts/worker.ts --bundle --platform=node --format=esm --target=node20 \
       --outdir=dist --out-extension:.js=.mjs --log-level=warning \
       --external:better-sqlite3 --external:@prisma/adapter-better-sqlite3 --external:pg --external:@prisma/adapter-pg --external:dockerode --external:docker-modem \
       --external:ssh2 --external:tar-fs --external:tar --external:yauzl \
       --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" \
    && node -e "const p=require('./package.json'); require('fs').writeFileSync('dist/package.json', JSON.stringify({name:p.name, version:p.version, private:true, scripts:{start:'node server.js', admin:'node dist/admin.mjs', worker:'node dist/worker.mjs'}}, null, 2))"

FROM ${NODE_IMAGE} AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 1001 --create-home shipshape \
    && mkdir /data && chown 1001 /data
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DATA_DIR=/data PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=1001 /app/.next/standalone ./
COPY --from=build --chown=1001 /app/.next/static ./.next/static
COPY --from=build --chown=1001 /app/prisma/migrations ./prisma/migrations
COPY --from=build --chown=1001 /app/prisma/postgres/migrations ./prisma/postgres/migrations
COPY --from=build --chown=1001 /app/samples ./samples
COPY --from=build --chown=1001 /app/dist/admin.mjs /app/dist/worker.mjs ./dist/
COPY --from=build --chown=1001 /app/dist/package.json ./package.json
USER 1001
EXPOSE 3000
CMD ["node", "server.js"]
