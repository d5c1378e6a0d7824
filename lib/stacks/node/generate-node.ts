import { builderImages, FINAL_BASES } from '@/lib/base-images/catalog';
import { cacheMounts, dockerfile, dockerignoreFor, execForm, runAsNonRoot } from '@/lib/stacks/dockerfile-text';
import type { GeneratedDockerfiles, NodeStack } from '@/lib/stacks/types';

const TOOLS = {
  npm: { install: 'npm ci', installUnlocked: 'npm install', prune: 'npm prune --omit=dev', cache: '/root/.npm', run: 'npm run' },
  yarn: {
    install: 'yarn install --frozen-lockfile',
    installUnlocked: 'yarn install',
    prune: 'yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline',
    cache: '/usr/local/share/.cache/yarn',
    run: 'yarn run',
  },
  pnpm: {
    install: 'corepack enable && pnpm install --frozen-lockfile',
    installUnlocked: 'corepack enable && pnpm install',
    prune: 'pnpm prune --prod',
    cache: '/root/.local/share/pnpm/store',
    run: 'pnpm run',
  },
} as const;

export function generateNode(stack: NodeStack): GeneratedDockerfiles {
  const tool = TOOLS[stack.buildTool];
  const install = stack.lockfile ? tool.install : tool.installUnlocked;
  const manifest = `COPY package.json ${stack.lockfile ? `${stack.lockfile} ` : ''}./`;
  const base = FINAL_BASES.nodeSlim;
  const standalone = stack.next?.standalone ?? false;
  const singleStage = dockerfile(
    '# Single-stage: build tools, dev dependencies and caches ship with the app',
    `FROM ${builderImages.nodeSdk}`,
    'WORKDIR /app',
    'COPY . .',
    `RUN ${install}`,
    stack.hasBuild && `RUN ${tool.run} build`,
    stack.port !== null && `EXPOSE ${stack.port}`,
    `CMD ${execForm(standalone ? [stack.buildTool, 'start'] : stack.command)}`,
  );
  const multiStage = dockerfile(
    '# Stage 1: install everything and build',
    `FROM ${builderImages.nodeSdk} AS builder`,
    'WORKDIR /app',
    manifest,
    `RUN ${cacheMounts(tool.cache)}${install}`,
    'COPY . .',
    stack.hasBuild && `RUN ${tool.run} build`,
    !standalone && '# Keep production dependencies only',
    !standalone && `RUN ${cacheMounts(tool.cache)}${tool.prune}`,
    '',
    '# Stage 2: the Node.js runtime and what the app needs to run',
    `FROM ${base.image}`,
    'WORKDIR /app',
    'ENV NODE_ENV=production',
    standalone
      ? [
          'COPY --from=builder --chown=node:node /app/.next/standalone ./',
          'COPY --from=builder --chown=node:node /app/.next/static ./.next/static',
          stack.next?.hasPublic === true && 'COPY --from=builder --chown=node:node /app/public ./public',
        ]
      : 'COPY --from=builder --chown=node:node /app ./',
    runAsNonRoot(base, stack.port, stack.command),
  );
  return {
    singleStage,
    multiStage,
    finalBase: {
      base,
      reason:
        "Node.js is interpreted, so the runtime ships; node:22-slim has it without compilers, and only production dependencies are copied in. It runs as the image's non-root node user.",
    },
    alternatives: [],
    dockerignore: dockerignoreFor(['node_modules/', '.next/', 'coverage/', 'npm-debug.log*', 'Dockerfile*']),
  };
}
