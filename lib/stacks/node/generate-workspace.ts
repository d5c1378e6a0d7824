import { builderImages, FINAL_BASES, nonRootLines } from '@/lib/base-images/catalog';
import { dockerfile, dockerignoreFor, execForm, runAsNonRoot } from '@/lib/stacks/dockerfile-text';
import type { GeneratedDockerfiles, NodeStack } from '@/lib/stacks/types';
import type { NodeWorkspace, WorkspacePackage } from '@/lib/stacks/node/workspace';
import { frontEndName } from '@/lib/stacks/node/front-end';
import { corepackLines, mountCache, pnpEnv, toolFor } from '@/lib/stacks/node/generate-node';

// An app of a workspace, built from the workspace's root (the build context): the
// manifests first (each workspace's package.json, the lockfile) so the install is cached
// until one changes, the whole workspace installed as its lockfile says, then this app's
// build; the image runs in the app's folder.

/** `npm run build --workspace=apps/api`, `yarn workspace @acme/api run build`, `pnpm --filter @acme/api run build` */
function buildCommand(stack: NodeStack, workspace: WorkspacePackage): string {
  const name = workspace.name ?? workspace.dir;
  if (stack.buildTool === 'pnpm') return `pnpm --filter ${name} run build`;
  if (stack.buildTool === 'yarn') return `yarn workspace ${name} run build`;
  return `npm run build --workspace=${workspace.dir}`;
}

/** The workspace packages the app needs built, dependencies first, then the app's own build (where it has one). */
function buildSteps(stack: NodeStack, workspace: NodeWorkspace): string | false {
  const steps = [...workspace.builtFirst, ...(stack.hasBuild || stack.frontEnd ? [workspace] : [])].map((pkg) => buildCommand(stack, pkg));
  return steps.length > 0 && `RUN ${steps.join(' \\\n && ')}`;
}

/** Each manifest copied to its own folder, so that the install layer waits for a manifest to change. */
function manifestCopies(workspace: NodeWorkspace): string[] {
  const byFolder = new Map<string, string[]>();
  for (const file of workspace.manifests) {
    const folder = file.includes('/') ? `${file.slice(0, file.lastIndexOf('/'))}/` : './';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  return [...byFolder].map(([folder, files]) => `COPY ${files.join(' ')} ${folder}`);
}

export function generateWorkspaceNode(stack: NodeStack, workspace: NodeWorkspace): GeneratedDockerfiles {
  const tool = toolFor(stack);
  const install = stack.lockfile ? tool.install : tool.installUnlocked;
  const app = `/app/${workspace.dir}`;
  const frontEnd = stack.frontEnd ?? null;
  const build = buildSteps(stack, workspace);
  const singleStage = dockerfile(
    `# Single-stage: the whole workspace, its dev dependencies and caches ship with ${workspace.dir}`,
    `FROM ${builderImages.nodeSdk}`,
    'WORKDIR /app',
    corepackLines(stack),
    'COPY . .',
    `RUN ${install}`,
    frontEnd ? false : build,
    `WORKDIR ${app}`,
    frontEnd ? `EXPOSE ${frontEnd.devPort}` : stack.port !== null && `EXPOSE ${stack.port}`,
    !frontEnd && pnpEnv(stack),
    `CMD ${execForm(frontEnd ? frontEnd.devCommand : stack.command)}`,
  );
  const builder = [
    `# Stage 1: install the workspace (${workspace.root} from ${workspace.dir}) as its lockfile says, then build ${workspace.dir}`,
    `FROM ${builderImages.nodeSdk} AS builder`,
    'WORKDIR /app',
    corepackLines(stack),
    manifestCopies(workspace),
    `RUN ${mountCache(tool)}${install}`,
    'COPY . .',
    build,
  ];
  if (frontEnd) {
    const base = FINAL_BASES.alpine;
    return {
      singleStage,
      multiStage: dockerfile(
        ...builder,
        '',
        `# Stage 2: the built files alone (${workspace.dir}/${frontEnd.outDir}/), served by busybox httpd: no Node.js at run time`,
        `FROM ${base.image}`,
        `COPY --from=builder ${app}/${frontEnd.outDir} /srv`,
        nonRootLines(base),
        'EXPOSE 8080',
        `CMD ${execForm(['busybox', 'httpd', '-f', '-v', '-p', '8080', '-h', '/srv'])}`,
      ),
      finalBase: {
        base,
        reason: `A ${frontEndName(frontEnd)} app is static files once built: they need a web server, not Node.js. busybox httpd on alpine serves them in a few MB, as a non-root user on port 8080.`,
      },
      alternatives: [],
      dockerignore: dockerignoreFor(['**/node_modules/', `${workspace.dir}/${frontEnd.outDir}/`, '**/coverage/', '**/npm-debug.log*', '**/Dockerfile*']),
    };
  }
  const base = FINAL_BASES.nodeSlim;
  return {
    singleStage,
    multiStage: dockerfile(
      ...builder,
      tool.prune !== null && '# Keep production dependencies only (of every workspace: they share node_modules)',
      tool.prune !== null && `RUN ${mountCache(tool)}${tool.prune}`,
      '',
      '# Stage 2: the Node.js runtime, the workspace with its production dependencies, run in the app folder',
      `FROM ${base.image}`,
      'WORKDIR /app',
      'ENV NODE_ENV=production',
      'COPY --from=builder --chown=node:node /app ./',
      `WORKDIR ${app}`,
      pnpEnv(stack),
      runAsNonRoot(base, stack.port, stack.command),
    ),
    finalBase: {
      base,
      reason:
        "Node.js is interpreted, so the runtime ships; node:22-slim has it without compilers, and only production dependencies are copied in. It runs as the image's non-root node user.",
    },
    alternatives: [],
    dockerignore: dockerignoreFor(['**/node_modules/', '**/.next/', '**/coverage/', '**/npm-debug.log*', '**/Dockerfile*']),
  };
}
