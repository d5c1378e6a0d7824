import { getDocker, getEngines, onEngine } from '@/lib/docker/client';
import { engineMessage } from '@/lib/docker/build-image';

export type EngineHealth =
  | { reachable: true; version: string; apiVersion: string }
  | { reachable: false; reason: string };

const PING_TIMEOUT_MS = 5000;

/** Is the current engine (see onEngine) answering, and which version is it. */
export async function checkEngine(): Promise<EngineHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS / 1000} s`)), PING_TIMEOUT_MS);
    });
    const version = await Promise.race([getDocker().version(), timeout]);
    return { reachable: true, version: version.Version, apiVersion: version.ApiVersion };
  } catch (error) {
    return { reachable: false, reason: `${engineMessage(error)}.` };
  } finally {
    clearTimeout(timer);
  }
}

export type NamedEngineHealth = EngineHealth & { name: string; url: string };

/** Every engine in DOCKER_ENGINES, checked side by side. */
export async function checkEngines(): Promise<NamedEngineHealth[]> {
  return Promise.all(getEngines().map(async (engine) => ({ name: engine.name, url: engine.url, ...(await onEngine(engine, checkEngine)) })));
}

/** The engine's CPU architecture in Docker's words (amd64, arm64, ...). */
export async function engineArchitecture(): Promise<string> {
  const version = await getDocker().version();
  return version.Arch;
}
