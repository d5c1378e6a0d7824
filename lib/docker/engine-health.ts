import { getDocker, getEngines, onEngine } from '@/lib/docker/client';
import { engineMessage } from '@/lib/docker/build-image';
import { engineCaveats, engineFacts, type Builder, type EngineKind, type ImageStore } from '@/lib/docker/engine-facts';

export type EngineHealth = { reachable: true; version: string; apiVersion: string } | { reachable: false; reason: string };

/** An engine's health with what it is (for /settings and /api/health). */
export type EngineReport =
  | { reachable: true; version: string; apiVersion: string; kind: EngineKind; imageStore: ImageStore; builders: Builder[]; caveats: string[] }
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

export type NamedEngineReport = EngineReport & { name: string; url: string };

/** The current engine's health and facts. */
async function reportEngine(): Promise<EngineReport> {
  const health = await checkEngine();
  if (!health.reachable) return health;
  try {
    const facts = await engineFacts();
    return { ...health, kind: facts.kind, imageStore: facts.imageStore, builders: facts.builders, caveats: engineCaveats(facts) };
  } catch (error) {
    return { reachable: false, reason: `${engineMessage(error)}.` };
  }
}

/** Every engine in DOCKER_ENGINES, checked side by side, with what each is. */
export async function checkEngines(): Promise<NamedEngineReport[]> {
  return Promise.all(getEngines().map(async (engine) => ({ name: engine.name, url: engine.url, ...(await onEngine(engine, reportEngine)) })));
}

/** The engine's CPU architecture in Docker's words (amd64, arm64, ...). */
export async function engineArchitecture(): Promise<string> {
  const version = await getDocker().version();
  return version.Arch;
}
