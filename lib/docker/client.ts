import Docker from 'dockerode';
import { getSettings } from '@/lib/env';

// The one dockerode client of this process. Pages and handlers never import
// dockerode: everything that talks to the engine lives in lib/docker.

const cache = globalThis as unknown as { shipshapeDocker?: Docker };

export function dockerOptionsFor(dockerHost: string | undefined): Docker.DockerOptions | undefined {
  if (!dockerHost) return { socketPath: '/var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  // tcp:// (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) and ssh:// are read by docker-modem itself
  return undefined;
}

export function getDocker(): Docker {
  cache.shipshapeDocker ??= new Docker(dockerOptionsFor(getSettings().dockerHost));
  return cache.shipshapeDocker;
}

/** Labels every image Shipshape builds carries, so they can be found and removed. */
export const LABELS = {
  managed: 'io.shipshape.managed',
  analysis: 'io.shipshape.analysis',
  variant: 'io.shipshape.variant',
} as const;
