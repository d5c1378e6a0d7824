import { currentEngine, getDocker } from '@/lib/docker/client';

// What an engine is, from its own `GET /version` and `GET /info`: Docker or Podman,
// which image store holds its images, and so which builders work there and what its
// size figures mean. Engines differ in exactly the ways that change Shipshape's numbers:
// - Docker's legacy store (graph drivers such as overlay2): `image inspect .Size` is
//   the unpacked size, `docker save` is the classic layout of plain layer tars;
// - Docker's containerd image store (the default of Engine 29+ and Desktop 4.34+):
//   `.Size` is the compressed content, the unpacked size is ImageData.Size.Unpacked of
//   `/images/json?manifests=1`, `docker save` is an OCI layout of gzip (built) or plain
//   (loaded) layer blobs;
// - Podman (containers/storage): `.Size` is the unpacked size, builds go through
//   Buildah (which runs `RUN --mount=type=cache` itself) and there is no BuildKit.

export type EngineKind = 'docker' | 'podman';
export type ImageStore = 'legacy' | 'containerd' | 'containers-storage';
export type Builder = 'classic' | 'buildkit' | 'buildah';

export interface EngineFacts {
  kind: EngineKind;
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  imageStore: ImageStore;
  /** the storage driver as the engine names it (overlay2, overlayfs, overlay, ...) */
  storageDriver: string;
  /** the builders a build can use there */
  builders: Builder[];
  /** BuildKit takes ulimits (BUILD_DISK_MB) through the API: Docker 23+ (API 1.42) */
  buildkitUlimits: boolean;
  /** BuildKit names a cache mount's id in its record (Docker 23+): each instance can prune its own */
  buildkitCacheIds: boolean;
  /**
   * An image of another platform can be built and inspected here: BuildKit (not Buildah's
   * compat build, which pulls even the builder's base), and on the containerd store API
   * 1.47+ (measured: Docker 26's inspect of a linux/arm64 image fails with "snapshot …
   * does not exist"; 28.5 answers, with its per-platform `manifests`)
   */
  otherPlatforms: boolean;
}

interface VersionAnswer {
  Version: string;
  ApiVersion: string;
  Os: string;
  Arch: string;
  Components?: { Name: string; Version: string }[];
}

interface InfoAnswer {
  Driver?: string;
  DriverStatus?: [string, string][] | null;
}

function apiAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** The facts, from what the engine answered to /version and /info. */
export function factsFrom(version: VersionAnswer, info: InfoAnswer): EngineFacts {
  const podman = (version.Components ?? []).some((c) => /podman/i.test(c.Name));
  const containerd = (info.DriverStatus ?? []).some(([key, value]) => key === 'driver-type' && value === 'io.containerd.snapshotter.v1');
  const imageStore: ImageStore = podman ? 'containers-storage' : containerd ? 'containerd' : 'legacy';
  return {
    kind: podman ? 'podman' : 'docker',
    version: podman ? (version.Components!.find((c) => /podman/i.test(c.Name))?.Version ?? version.Version) : version.Version,
    apiVersion: version.ApiVersion,
    os: version.Os,
    arch: version.Arch,
    imageStore,
    storageDriver: info.Driver ?? '',
    builders: podman ? ['buildah'] : ['classic', 'buildkit'],
    buildkitUlimits: !podman && apiAtLeast(version.ApiVersion, 1, 42),
    buildkitCacheIds: !podman && apiAtLeast(version.ApiVersion, 1, 42),
    otherPlatforms: !podman && (!containerd || apiAtLeast(version.ApiVersion, 1, 47)),
  };
}

const FACTS_TTL_MS = 60_000;
const cache = globalThis as unknown as { shipshapeEngineFacts?: Map<string, { at: number; facts: EngineFacts }> };

/** The current engine's facts (see onEngine), read once a minute at most. */
export async function engineFacts(): Promise<EngineFacts> {
  cache.shipshapeEngineFacts ??= new Map();
  const name = currentEngine().name;
  const cached = cache.shipshapeEngineFacts.get(name);
  if (cached && Date.now() - cached.at < FACTS_TTL_MS) return cached.facts;
  const docker = getDocker();
  const [version, info] = await Promise.all([docker.version() as Promise<VersionAnswer>, docker.info() as Promise<InfoAnswer>]);
  const facts = factsFrom(version, info);
  cache.shipshapeEngineFacts.set(name, { at: Date.now(), facts });
  return facts;
}

/**
 * The builder that runs a Dockerfile there: BuildKit where the file needs it (cache
 * mounts) and the engine has it, the classic builder otherwise; on Podman, Buildah.
 */
export function builderOn(facts: EngineFacts, wanted: 'classic' | 'buildkit'): Builder {
  if (facts.builders.includes(wanted)) return wanted;
  return facts.builders[0]!;
}

/**
 * What an operator of this engine should know because it differs from Docker's
 * legacy store, in words for /settings and /api/health.
 */
export function engineCaveats(facts: Pick<EngineFacts, 'kind' | 'imageStore' | 'builders' | 'buildkitUlimits' | 'buildkitCacheIds'>): string[] {
  const caveats: string[] = [];
  if (facts.builders.includes('buildkit') && !facts.buildkitUlimits) {
    caveats.push("This engine's BuildKit (before Docker 23, API 1.42) takes no ulimits: BUILD_DISK_MB binds the classic builder's steps only here.");
  }
  if (facts.builders.includes('buildkit') && !facts.buildkitCacheIds) {
    caveats.push(
      "This engine's BuildKit (before Docker 23, API 1.42) does not record whose a cache mount is, so BUILD_CACHE_MAX_MB cannot prune this instance's cache mounts alone and prunes none: where no other instance shares the engine, run `docker builder prune --filter type=exec.cachemount` now and then.",
    );
  }
  if (facts.imageStore === 'containerd') {
    caveats.push(
      "Containerd image store: `docker image inspect` reports the compressed content as .Size; Shipshape shows the image unpacked (its layers as `docker history` lists them, in 4 KiB blocks) and takes compressed sizes from the engine's own blobs.",
    );
  }
  if (facts.kind === 'podman') {
    caveats.push(
      "Builds run through Buildah; cancel and the build deadline end the analysis at once, but Podman's API stops the build only when its running step ends.",
      "Buildah's cache mounts cannot be pruned through the API, so BUILD_CACHE_MAX_MB does not apply: run `buildah prune` on the engine host now and then.",
    );
  }
  return caveats;
}
