import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
/** What a Dockerfile needs: BuildKit for cache mounts and heredocs, else the classic builder (engines without either use theirs). */
export type WantedBuilder = 'classic' | 'buildkit';
import type { GeneratedDockerfiles } from '@/lib/stacks/types';
import { readDockerfileRefs } from '@/lib/build-policy/dockerfile-refs';

export interface VariantPlan {
  kind: string;
  /** the Dockerfile as shown to the user (upstream image names) */
  dockerfile: string;
  builder: WantedBuilder;
  finalBase: string | null;
  platform?: string;
  /** generated variants get the generated .dockerignore; the repository's own build does not */
  useGeneratedIgnore: boolean;
  /** the stage to build: the repository's compose file's build.target, for its own Dockerfile */
  target?: string;
}

const REPOSITORY_DOCKERFILES = ['Dockerfile', 'dockerfile'];

/** The repository's own Dockerfile, if it has one at the analysed folder's root. */
export function repositoryDockerfile(root: string): string | null {
  const name = REPOSITORY_DOCKERFILES.find((n) => existsSync(path.join(root, n)));
  return name ? readFileSync(path.join(root, name), 'utf8') : null;
}

/**
 * BuildKit where the file needs it (RUN --mount, heredocs, COPY --chmod, a # syntax=
 * frontend...), the classic builder otherwise: decided from the parsed instructions,
 * so a comment that mentions --mount changes nothing.
 */
export function builderFor(dockerfile: string): WantedBuilder {
  try {
    return readDockerfileRefs(dockerfile).buildkitFeatures.length ? 'buildkit' : 'classic';
  } catch {
    return 'classic';
  }
}

/**
 * What an analysis builds: single-stage (classic builder, as people run it),
 * multi-stage (BuildKit, for its cache mounts), the repository's own Dockerfile,
 * and on request the alternative final bases. With no detected stack, only the
 * repository's own Dockerfile.
 */
export function planVariants(generated: GeneratedDockerfiles | null, ownDockerfile: string | null, alternatives: boolean, ownTarget?: string): VariantPlan[] {
  const plans: VariantPlan[] = generated
    ? [
        { kind: 'single-stage', dockerfile: generated.singleStage, builder: 'classic', finalBase: null, useGeneratedIgnore: true },
        { kind: 'multi-stage', dockerfile: generated.multiStage, builder: 'buildkit', finalBase: generated.finalBase.base.image, useGeneratedIgnore: true },
      ]
    : [];
  if (ownDockerfile !== null) {
    plans.push({
      kind: 'repository',
      dockerfile: ownDockerfile,
      builder: builderFor(ownDockerfile),
      finalBase: null,
      useGeneratedIgnore: false,
      ...(ownTarget ? { target: ownTarget } : {}),
    });
  }
  if (alternatives && generated) {
    for (const alt of generated.alternatives) {
      plans.push({ kind: `multi-stage:${alt.base.id}`, dockerfile: alt.dockerfile, builder: 'buildkit', finalBase: alt.base.image, useGeneratedIgnore: true });
    }
  }
  return plans;
}
