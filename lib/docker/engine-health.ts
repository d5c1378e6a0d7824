import { getDocker } from '@/lib/docker/client';
import { engineMessage } from '@/lib/docker/build-image';

export type EngineHealth =
  | { reachable: true; version: string; apiVersion: string }
  | { reachable: false; reason: string };

export async function checkEngine(): Promise<EngineHealth> {
  try {
    const version = await getDocker().version();
    return { reachable: true, version: version.Version, apiVersion: version.ApiVersion };
  } catch (error) {
    return { reachable: false, reason: `${engineMessage(error)}.` };
  }
}

/** The engine's CPU architecture in Docker's words (amd64, arm64, ...). */
export async function engineArchitecture(): Promise<string> {
  const version = await getDocker().version();
  return version.Arch;
}
