import type Docker from 'dockerode';
import { packBuildContext } from '@/lib/docker/build-context';
import { BuildkitProgress, decodeBuildkitStatus } from '@/lib/docker/buildkit-status';
import { getDocker } from '@/lib/docker/client';

export type Builder = 'classic' | 'buildkit';

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
  tag: string;
  labels: Record<string, string>;
  /** classic: honours memory/CPU limits; buildkit: cache mounts (and ignores limits) */
  builder: Builder;
  /** build every step again (for BuildKit this also empties cache mounts) */
  nocache?: boolean;
  platform?: string;
  onProgress?: (progress: BuildProgress) => void;
  onLog?: (text: string) => void;
  signal?: AbortSignal;
}

export interface BuildResult {
  imageId: string;
  seconds: number;
}

/** A build that ran and failed: the reason as the engine gave it. */
export class BuildFailedError extends Error {
  override name = 'BuildFailedError';
}

interface BuildEvent {
  id?: string;
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string; code?: number };
  aux?: { ID?: string } | string;
}

const STEP = /^Step (\d+)\/(\d+) : /m;

/**
 * Builds an image. A failing step arrives as an `error` event inside a 200 stream,
 * not as a rejection, so every event is checked (see the engine notes).
 */
export async function buildImage(request: BuildRequest): Promise<BuildResult> {
  const docker = getDocker();
  const started = performance.now();
  const context = packBuildContext(request.contextDir, request.dockerfile, request.fallbackDockerignore);
  // The context is packed while it is sent. If the request ends early (engine down,
  // a rejected build) packing may still be walking a folder that is then removed:
  // its error must not go unheard, or it would take the whole process down.
  let contextError: Error | undefined;
  context.stream.on('error', (error: Error) => {
    contextError ??= error;
  });
  try {
    return await runBuild(request, context.stream, context.dockerfile, started, () => contextError);
  } finally {
    context.stream.destroy();
  }
}

async function runBuild(request: BuildRequest, contextStream: NodeJS.ReadableStream, dockerfile: string, started: number, contextError: () => Error | undefined): Promise<BuildResult> {
  const docker = getDocker();
  const options: Docker.ImageBuildOptions & { abortSignal?: AbortSignal } = {
    t: request.tag,
    dockerfile,
    labels: request.labels,
    rm: true,
    forcerm: true,
    nocache: request.nocache ?? false,
    abortSignal: request.signal,
    ...(request.platform ? { platform: request.platform } : {}),
    ...(request.builder === 'buildkit' ? { version: '2' as const } : {}),
  };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(contextStream, options);
  } catch (error) {
    throw new BuildFailedError(engineMessage(error));
  }

  const buildkit = new BuildkitProgress();
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
      const step = STEP.exec(event.stream);
      if (step) request.onProgress?.({ step: Number(step[1]), total: Number(step[2]) });
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
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(new BuildFailedError(error.message)) : resolve()), onEvent);
  });
  if (failure) throw new BuildFailedError(failure);
  const packing = contextError();
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
