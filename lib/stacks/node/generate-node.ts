import { builderImages, FINAL_BASES, nonRootLines } from '@/lib/base-images/catalog';
import { cacheMounts, dockerfile, dockerignoreFor, execForm, runAsNonRoot } from '@/lib/stacks/dockerfile-text';
import type { GeneratedDockerfiles, NodeStack } from '@/lib/stacks/types';
import { frontEndName, type FrontEnd } from '@/lib/stacks/node/front-end';
import { generateWorkspaceNode } from '@/lib/stacks/node/generate-workspace';

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
    install: 'pnpm install --frozen-lockfile',
    installUnlocked: 'pnpm install',
    prune: 'pnpm prune --prod',
    cache: '/root/.local/share/pnpm/store',
    run: 'pnpm run',
  },
} as const;

/** The pnpm installed where nothing names one: lockfile format 9.0 is read by pnpm 9 and 10. */
export const DEFAULT_PNPM = '9';

export interface Tool {
  install: string;
  installUnlocked: string;
  /** null: the tool has no production-only install (dev dependencies stay) */
  prune: string | null;
  /** null: what it caches must ship (Plug'n'Play's zip files) */
  cache: string | null;
  run: string;
}

/**
 * Yarn 2+ through corepack: --immutable for a lockfile, and `workspaces focus` (built in
 * from Yarn 4) to keep production dependencies. With node_modules its global cache is a
 * cache mount; Plug'n'Play reads the packages from their zip files at run time, so they
 * stay in the project (.yarn/cache) and ship: no cache mount there.
 */
function yarnBerry(berry: NonNullable<NodeStack['yarnBerry']>): Tool {
  return {
    install: 'corepack enable && yarn install --immutable',
    installUnlocked: 'corepack enable && yarn install',
    prune: berry.major !== null && berry.major >= 4 ? 'yarn workspaces focus --all --production' : null,
    cache: berry.pnp ? null : '/root/.yarn/berry/cache',
    run: 'yarn run',
  };
}

/**
 * pnpm is installed with npm, pinned, like any package of the registry (checked against
 * its integrity hash), not through corepack: corepack also checks the registry's
 * signature of it, and refuses pnpm when its bundled keys are older than the signature
 * or the registry (a mirror) serves none.
 */
function pnpm(version: string): Tool {
  const setup = `npm install -g pnpm@${version} && `;
  return { ...TOOLS.pnpm, install: setup + TOOLS.pnpm.install, installUnlocked: setup + TOOLS.pnpm.installUnlocked };
}

export function toolFor(stack: NodeStack): Tool {
  if (stack.yarnBerry) return yarnBerry(stack.yarnBerry);
  return stack.buildTool === 'pnpm' ? pnpm(stack.pnpmVersion ?? DEFAULT_PNPM) : TOOLS[stack.buildTool];
}

/** The cache mount of the tool's cache, where it has one that may stay out of the image. */
export const mountCache = (tool: Tool) => (tool.cache ? cacheMounts(tool.cache) : '');

/** Corepack fetches Yarn 2+ from the npm registry (where the dependencies come from), not from repo.yarnpkg.com. */
export function corepackLines(stack: NodeStack): string[] {
  if (!stack.yarnBerry) return [];
  return [
    '# corepack fetches this Yarn from the npm registry, like the dependencies',
    'ENV COREPACK_NPM_REGISTRY=https://registry.npmjs.org',
    ...(stack.yarnBerry.pnp
      ? ["# Plug'n'Play runs from the packages' zip files: they stay in the project (.yarn/cache), not in a global cache", 'ENV YARN_ENABLE_GLOBAL_CACHE=false']
      : []),
  ];
}

/** Plug'n'Play has no node_modules: `node` finds the dependencies through .pnp.cjs. */
export function pnpEnv(stack: NodeStack): string | false {
  return Boolean(stack.yarnBerry?.pnp) && stack.command[0] === 'node' && 'ENV NODE_OPTIONS="--require /app/.pnp.cjs"';
}

export function generateNode(stack: NodeStack): GeneratedDockerfiles {
  if (stack.workspace) return generateWorkspaceNode(stack, stack.workspace);
  if (stack.frontEnd) return generateFrontEnd(stack, stack.frontEnd);
  const tool = toolFor(stack);
  const install = stack.lockfile ? tool.install : tool.installUnlocked;
  const manifest = `COPY package.json ${stack.lockfile ? `${stack.lockfile} ` : ''}./`;
  const base = FINAL_BASES.nodeSlim;
  const standalone = stack.next?.standalone ?? false;
  // Nuxt's .output carries the node_modules its server needs: nothing else ships
  const nuxt = stack.framework?.name === 'nuxt';
  const singleStage = dockerfile(
    '# Single-stage: build tools, dev dependencies and caches ship with the app',
    `FROM ${builderImages.nodeSdk}`,
    'WORKDIR /app',
    corepackLines(stack),
    'COPY . .',
    `RUN ${install}`,
    stack.hasBuild && `RUN ${tool.run} build`,
    pnpEnv(stack),
    stack.port !== null && `EXPOSE ${stack.port}`,
    `CMD ${execForm(standalone ? [stack.buildTool, 'start'] : stack.command)}`,
  );
  const multiStage = dockerfile(
    '# Stage 1: install everything and build',
    `FROM ${builderImages.nodeSdk} AS builder`,
    'WORKDIR /app',
    corepackLines(stack),
    manifest,
    `RUN ${mountCache(tool)}${install}`,
    'COPY . .',
    stack.hasBuild && `RUN ${tool.run} build`,
    !standalone && !nuxt && tool.prune !== null && '# Keep production dependencies only',
    !standalone && !nuxt && tool.prune !== null && `RUN ${mountCache(tool)}${tool.prune}`,
    !standalone && !nuxt && tool.prune === null && '# This Yarn has no built-in production-only install (Yarn 4 has: yarn workspaces focus --production): dev dependencies stay',
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
      : nuxt
        ? ['# the server Nuxt built, with the node_modules it needs inside', 'COPY --from=builder --chown=node:node /app/.output ./.output']
        : 'COPY --from=builder --chown=node:node /app ./',
    pnpEnv(stack),
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

/** A front-end app: the multi-stage image is its built files on busybox httpd (alpine), no Node.js. */
function generateFrontEnd(stack: NodeStack, frontEnd: FrontEnd): GeneratedDockerfiles {
  const tool = toolFor(stack);
  const install = stack.lockfile ? tool.install : tool.installUnlocked;
  const base = FINAL_BASES.alpine;
  const singleStage = dockerfile(
    '# Single-stage: Node.js, every dependency and the development server ship with the site',
    `FROM ${builderImages.nodeSdk}`,
    'WORKDIR /app',
    corepackLines(stack),
    'COPY . .',
    `RUN ${install}`,
    `EXPOSE ${frontEnd.devPort}`,
    `CMD ${execForm(frontEnd.devCommand)}`,
  );
  const multiStage = dockerfile(
    '# Stage 1: install everything and build the static files',
    `FROM ${builderImages.nodeSdk} AS builder`,
    'WORKDIR /app',
    corepackLines(stack),
    `COPY package.json ${stack.lockfile ? `${stack.lockfile} ` : ''}./`,
    `RUN ${mountCache(tool)}${install}`,
    'COPY . .',
    `RUN ${tool.run} build`,
    '',
    `# Stage 2: the built files alone (${frontEnd.outDir}/), served by busybox httpd: no Node.js at run time`,
    `FROM ${base.image}`,
    `COPY --from=builder /app/${frontEnd.outDir} /srv`,
    nonRootLines(base),
    'EXPOSE 8080',
    `CMD ${execForm(['busybox', 'httpd', '-f', '-v', '-p', '8080', '-h', '/srv'])}`,
  );
  return {
    singleStage,
    multiStage,
    finalBase: {
      base,
      reason: `A ${frontEndName(frontEnd)} app is static files once built: they need a web server, not Node.js. busybox httpd on alpine serves them in a few MB, as a non-root user on port 8080.`,
    },
    alternatives: [],
    dockerignore: dockerignoreFor(['node_modules/', `${frontEnd.outDir}/`, 'coverage/', 'npm-debug.log*', 'Dockerfile*']),
  };
}
