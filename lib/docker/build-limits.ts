import type Docker from 'dockerode';
import type { Builder } from '@/lib/docker/engine-facts';

// The limits of a build's RUN steps as the engine's build API takes them, per builder.

export interface BuildLimits {
  /** 0 = none */
  memoryBytes: number;
  /** 0 = none */
  cpus: number;
  /** RUN steps may reach the network */
  network: boolean;
  /** the largest file a RUN step may write (RLIMIT_FSIZE); 0 = none */
  fileBytes?: number;
  /** the cgroup RUN steps of the classic builder run under (BuildKit's, which carries the process limit) */
  cgroupParent?: string;
}

/**
 * Podman's Buildah runs RUN steps in the engine host's own network namespace unless
 * told otherwise (measured on Podman 4.3: a step saw the host's interfaces and could
 * reach its loopback). A private namespace is what Docker's default bridge gives;
 * `networkmode=1` (Buildah's NetworkDisabled) leaves only loopback.
 */
const BUILDAH_PRIVATE_NETWORK = JSON.stringify([{ Name: 'network', Host: false, Path: '' }]);

/** The build options that carry the limits (swap is capped at the memory limit: no swap). */
export function limitOptions(
  limits: BuildLimits | undefined,
  builder: Builder,
): Partial<Docker.ImageBuildOptions> & { networkmode?: string; nsoptions?: string; ulimits?: string; cgroupparent?: string } {
  const network =
    builder === 'buildah'
      ? { nsoptions: BUILDAH_PRIVATE_NETWORK, ...(limits && !limits.network ? { networkmode: '1' } : {}) }
      : limits && !limits.network
        ? { networkmode: 'none' }
        : {};
  if (!limits) return network;
  const cpuPeriod = 100_000;
  // BuildKit takes neither memory nor CPU here: its limits sit on its cgroup (build-cgroup.ts).
  // A classic step under that cgroup gets its memory limit there too, where running into
  // it can be seen after the step is gone.
  const perStep = builder !== 'buildkit';
  const perStepMemory = builder !== 'buildkit' && !limits.cgroupParent;
  return {
    ...(perStepMemory && limits.memoryBytes > 0 ? { memory: limits.memoryBytes, memswap: limits.memoryBytes } : {}),
    ...(perStep && limits.cpus > 0 ? { cpuperiod: cpuPeriod, cpuquota: Math.round(limits.cpus * cpuPeriod) } : {}),
    // Docker reads ulimits as objects, Podman as "name=soft:hard" strings
    ...(limits.fileBytes
      ? { ulimits: JSON.stringify(builder === 'buildah' ? [`fsize=${limits.fileBytes}:${limits.fileBytes}`] : [{ Name: 'fsize', Soft: limits.fileBytes, Hard: limits.fileBytes }]) }
      : {}),
    // Buildah runs a step in the very cgroup it is given and removes it after: a child keeps the parent's limits
    ...(builder === 'classic' && limits.cgroupParent ? { cgroupparent: limits.cgroupParent } : {}),
    ...(builder === 'buildah' && limits.cgroupParent ? { cgroupparent: `${limits.cgroupParent}/step` } : {}),
    ...network,
  };
}
