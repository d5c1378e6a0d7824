import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { getSettings, type EngineSetting } from '@/lib/env';

// The dockerode clients of this process, one per engine in DOCKER_ENGINES. Pages and
// handlers never import dockerode: everything that talks to an engine lives in lib/docker.
//
// Work for one analysis runs inside `onEngine(engine, ...)`; every lib/docker call made
// within it (build, inspect, export, remove) goes to that engine without each function
// taking the engine as a parameter. Outside it, calls go to the first engine.

export interface Engine {
  name: string;
  /** the address without credentials, for pages and logs */
  url: string;
  docker: Docker;
}

/** dockerode's options for an engine URL: unix socket, tcp (TLS with DOCKER_CERT_PATH) or ssh. */
export function dockerOptionsFor(url: string | undefined): Docker.DockerOptions {
  if (!url) return { socketPath: '/var/run/docker.sock' };
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  const parsed = new URL(url);
  if (parsed.protocol === 'ssh:') {
    return {
      protocol: 'ssh',
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 22,
      username: decodeURIComponent(parsed.username) || undefined,
      sshOptions: {
        ...(process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
        ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      },
    } as Docker.DockerOptions;
  }
  const certPath = process.env.DOCKER_CERT_PATH;
  const tls = Boolean(certPath) || process.env.DOCKER_TLS_VERIFY === '1';
  const read = (file: string) => (certPath ? readFileSync(path.join(certPath, file)) : undefined);
  return {
    protocol: tls ? 'https' : 'http',
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : tls ? 2376 : 2375,
    ...(tls && certPath ? { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') } : {}),
  };
}

/** An engine URL as it may be shown: no user name or password. */
export function displayUrl(url: string): string {
  return url.replace(/^(\w+:\/\/)[^/@]*@/, '$1');
}

const cache = globalThis as unknown as { shipshapeEngines?: Engine[] };
const current = new AsyncLocalStorage<Engine>();

export function getEngines(): Engine[] {
  cache.shipshapeEngines ??= getSettings().engines.map((e: EngineSetting) => ({ name: e.name, url: displayUrl(e.url), docker: new Docker(dockerOptionsFor(e.url)) }));
  return cache.shipshapeEngines;
}

/** The engine of that name; an analysis built on an engine no longer listed gets the first. */
export function getEngine(name: string | null | undefined): Engine {
  const engines = getEngines();
  return engines.find((e) => e.name === name) ?? engines[0]!;
}

/** Runs `work` with every lib/docker call inside it going to `engine`. */
export function onEngine<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  return current.run(engine, work);
}

/** The engine of the work in progress (see onEngine), or the first engine. */
export function currentEngine(): Engine {
  return current.getStore() ?? getEngines()[0]!;
}

export function getDocker(): Docker {
  return currentEngine().docker;
}

export { LABELS } from '@/lib/docker/labels';
