import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import { contextFilter, packBuildContext } from '@/lib/docker/build-context';
import { openBuildSession, type BuildSession, type SessionSource } from '@/lib/docker/build-session';
import { BuildahProgress, classicStep } from '@/lib/docker/build-progress';
import type { Builder } from '@/lib/docker/engine-facts';
import type { ExtraFile } from '@/lib/build-policy/prepare-dockerfile';
import { cancelBuildkitBuild } from '@/lib/docker/cleanup';
import { BuildkitProgress, decodeBuildkitStatus } from '@/lib/docker/buildkit-status';
import { getDocker } from '@/lib/docker/client';
import { UserFacingError } from '@/lib/errors';
import { limitOptions, type BuildLimits } from '@/lib/docker/build-limits';

export type { Builder } from '@/lib/docker/engine-facts';

export interface BuildProgress {
  step: number;
  total: number;
}

export interface BuildRequest {
  contextDir: string;
  /** the Dockerfile's text; it is not written into the repository */
  dockerfile: string;
  /** .dockerignore rules used when the context has no .dockerignore of its own */
  fallbackDockerignore?: string;
  /** files added to this build's context (remote sources fetched for ADD) */
  extraFiles?: ExtraFile[];
  tag: string;
  labels: Record<string, string>;
  /** classic: honours memory/CPU limits; buildkit: cache mounts (and ignores limits) */
  builder: Builder;
  /** build every step again (for BuildKit this also empties cache mounts) */
  nocache?: boolean;
  platform?: string;
  /** the stage to build (a compose file's build.target); the last one without it */
  target?: string;
  onProgress?: (progress: BuildProgress) => void;
  onLog?: (text: string) => void;
  signal?: AbortSignal;
  /** the build is stopped after this many seconds */
  timeoutSeconds?: number;
  /** for RUN steps; the classic builder honours memory and CPUs, BuildKit ignores them */
  limits?: BuildLimits;
}

export interface BuildResult {
  imageId: string;
  seconds: number;
}

/** A build that ran and failed: the reason as the engine gave it. */
export class BuildFailedError extends UserFacingError {}

interface BuildEvent {
  id?: string;
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string } | string;
}

/** How a build's context reaches the engine, and how to let go of it afterwards. */
interface OpenedBuild {
  stream: NodeJS.ReadableStream;
  close: () => void;
  /** an error while packing the context, if one happened */
  contextError: () => Error | undefined;
}

/** The classic builder and Buildah take the context as a tar in the request body. */
async function openTarBuild(docker: Docker, request: BuildRequest, options: Docker.ImageBuildOptions): Promise<OpenedBuild> {
  const context = packBuildContext(request.contextDir, request.dockerfile, request.fallbackDockerignore, request.extraFiles);
  // The context is packed while it is sent. If the request ends early (engine down,
  // a rejected build) packing may still be walking a folder that is then removed:
  // its error must not go unheard, or it would take the whole process down.
  let contextError: Error | undefined;
  context.stream.on('error', (error: Error) => {
    contextError ??= error;
  });
  try {
    const stream = await docker.buildImage(context.stream, { ...options, dockerfile: context.dockerfile });
    return { stream, close: () => context.stream.destroy(), contextError: () => contextError };
  } catch (error) {
    context.stream.destroy();
    throw error;
  }
}

/**
 * BuildKit pulls the context through a session, as buildx sends it: this works on
 * every Docker engine, including those whose BuildKit cannot read an uploaded tar
 * (Docker 25-27 with the containerd image store, moby/moby#47717). The Dockerfile
 * travels as its own source, so it never enters the context.
 */
async function openSessionBuild(docker: Docker, request: BuildRequest, options: Docker.ImageBuildOptions): Promise<OpenedBuild> {
  const { keep } = contextFilter(request.contextDir, request.fallbackDockerignore);
  let session: BuildSession;
  try {
    session = await openBuildSession(
      docker,
      new Map<string, SessionSource>([
        ['context', { kind: 'dir', dir: request.contextDir, keep, extraFiles: request.extraFiles }],
        ['dockerfile', { kind: 'file', name: 'Dockerfile', text: request.dockerfile }],
      ]),
    );
  } catch (error) {
    throw new BuildFailedError(
      `The engine refused a BuildKit session (POST /session): ${engineMessage(error)}. BuildKit builds need it; a socket proxy in front of the engine must allow /session.`,
    );
  }
  const modem = docker.modem as unknown as { dial: (options: object, callback: (error: Error | null, stream: NodeJS.ReadableStream) => void) => void };
  try {
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      modem.dial(
        {
          path: '/build?',
          method: 'POST',
          file: Buffer.alloc(0),
          options: { ...options, dockerfile: 'Dockerfile', remote: 'client-session', session: session.id },
          abortSignal: (options as { abortSignal?: AbortSignal }).abortSignal,
          isStream: true,
          statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        },
        (error, stream) => (error ? reject(error) : resolve(stream)),
      ),
    );
    return { stream, close: () => session.close(), contextError: () => undefined };
  } catch (error) {
    session.close();
    throw error;
  }
}

/**
 * Builds an image. A failing step arrives as an `error` event inside a 200 stream,
 * not as a rejection, so every event is checked (see the engine notes).
 */
export async function buildImage(request: BuildRequest): Promise<BuildResult> {
  const docker = getDocker();
  const started = performance.now();
  // One signal stops the build for both reasons: the caller's (cancel) and the deadline.
  const stop = new AbortController();
  let timedOut = false;
  const onAbort = () => stop.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  if (request.signal?.aborted) stop.abort();
  const timer = request.timeoutSeconds
    ? setTimeout(() => {
        timedOut = true;
        stop.abort();
      }, request.timeoutSeconds * 1000)
    : undefined;
  // BuildKit builds are also stopped by id, from outside the request.
  const buildId = request.builder === 'buildkit' ? randomUUID() : undefined;
  const cancelBuildkit = () => {
    if (buildId) cancelBuildkitBuild(buildId).catch(() => undefined);
  };
  stop.signal.addEventListener('abort', cancelBuildkit, { once: true });
  const options: Docker.ImageBuildOptions & { abortSignal?: AbortSignal; buildid?: string } = {
    t: request.tag,
    labels: request.labels,
    rm: true,
    forcerm: true,
    nocache: request.nocache ?? false,
    abortSignal: stop.signal,
    ...limitOptions(request.limits, request.builder),
    ...(request.platform ? { platform: request.platform } : {}),
    ...(request.target ? { target: request.target } : {}),
    ...(request.builder === 'buildkit' ? { version: '2' as const, buildid: buildId } : {}),
  };
  let opened: OpenedBuild | undefined;
  try {
    if (stop.signal.aborted) throw new BuildFailedError('The build was canceled.');
    try {
      opened = request.builder === 'buildkit' ? await openSessionBuild(docker, request, options) : await openTarBuild(docker, request, options);
    } catch (error) {
      if (error instanceof BuildFailedError) throw error;
      throw new BuildFailedError(stop.signal.aborted ? 'The build was canceled.' : engineMessage(error));
    }
    return await followBuild(docker, { ...request, signal: stop.signal }, opened, started);
  } catch (error) {
    if (timedOut) {
      throw new BuildFailedError(`The build ran longer than the build deadline (BUILD_TIMEOUT_SECONDS = ${request.timeoutSeconds} s) and was stopped.`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
    opened?.close();
  }
}

async function followBuild(docker: Docker, request: BuildRequest, opened: OpenedBuild, started: number): Promise<BuildResult> {
  const { stream } = opened;
  const buildkit = new BuildkitProgress();
  const buildah = request.builder === 'buildah' ? new BuildahProgress(request.dockerfile) : null;
  let imageId: string | undefined;
  let failure: string | undefined;
  const onEvent = (event: BuildEvent) => {
    if (event.id === 'moby.buildkit.trace' && typeof event.aux === 'string') {
      const text = buildkit.apply(decodeBuildkitStatus(event.aux));
      if (text) request.onLog?.(text);
      const progress = buildkit.progress;
      if (progress) request.onProgress?.(progress);
      return;
    }
    if (event.stream) {
      request.onLog?.(event.stream);
      const progress = buildah ? buildah.apply(event.stream) : classicStep(event.stream);
      if (progress) request.onProgress?.(progress);
    }
    if (event.status && !event.id?.startsWith('moby.')) request.onLog?.(`${event.status}\n`);
    if (typeof event.aux === 'object' && event.aux.ID) imageId = event.aux.ID;
    if (event.error || event.errorDetail) {
      failure = event.errorDetail?.message ?? event.error ?? 'unknown build error';
      request.onLog?.(`ERROR: ${failure}\n`);
    }
  };
  await new Promise<void>((resolve, reject) => {
    stream.on('error', (error: Error) => reject(new BuildFailedError(request.signal?.aborted ? 'The build was canceled.' : error.message)));
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(new BuildFailedError(request.signal?.aborted ? 'The build was canceled.' : error.message)) : resolve()),
      onEvent,
    );
    // A destroyed stream only emits `close` (see the engine notes).
    stream.on('close', () => {
      if (request.signal?.aborted) reject(new BuildFailedError('The build was canceled.'));
    });
  });
  if (request.signal?.aborted) throw new BuildFailedError('The build was canceled.');
  if (failure) throw new BuildFailedError(failure.trim());
  const packing = opened.contextError();
  if (packing) throw new BuildFailedError(`The build context could not be read: ${packing.message}`);
  if (!imageId) throw new BuildFailedError('The engine finished the build without reporting an image id.');
  return { imageId, seconds: (performance.now() - started) / 1000 };
}

/** Removes an image by tag or id; an image already gone is not an error. */
export async function removeImage(ref: string): Promise<void> {
  try {
    await getDocker().getImage(ref).remove({ force: true });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}

/** The message inside a docker-modem error ("(HTTP code 400) ... - <message>"). */
export function engineMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'EACCES' || code === 'EHOSTUNREACH') {
      return `The Docker engine is not reachable (${code}). Start it, or set DOCKER_HOST to a running engine`;
    }
    const json = (error as { json?: { message?: string } }).json;
    if (json?.message) return json.message;
    const message = (error as { message?: string }).message;
    if (message) return message;
  }
  return String(error);
}
