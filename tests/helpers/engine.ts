// The engine a test project runs against (vitest.config.ts sets SHIPSHAPE_TEST_ENGINE,
// DOCKER_HOST and DOCKER_CLI per project): the main engine (Docker 20.10, legacy image
// store), Docker 28 with the containerd image store, Docker 26 with the containerd
// store, or Podman's Docker-compatible API.

export type TestEngine = 'main' | 'modern' | 'docker26' | 'podman';

export const ENGINE = (process.env.SHIPSHAPE_TEST_ENGINE ?? 'main') as TestEngine;
export const ENGINE_HOST = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';

/** The image store of the engine under test, as the app names it (engine-facts.ts). */
export const IMAGE_STORE = ({ main: 'legacy', modern: 'containerd', docker26: 'containerd', podman: 'containers-storage' } as const)[ENGINE];

/** The builders a test can expect there. */
export const BUILDERS = ENGINE === 'podman' ? (['buildah'] as const) : (['classic', 'buildkit'] as const);

/** The builder a Dockerfile that needs `wanted` gets on this engine. */
export function builderHere(wanted: 'classic' | 'buildkit'): 'classic' | 'buildkit' | 'buildah' {
  return ENGINE === 'podman' ? 'buildah' : wanted;
}
