import type Docker from 'dockerode';
import { resolveBaseImage } from '@/lib/base-images/rewrite-from';
import { BUILTIN_IMAGES } from '@/lib/base-images/catalog';
import type { BaseImageMap } from '@/lib/env';
import { checkHost } from '@/lib/sources/host-check';
import { BuildRefusedError } from '@/lib/build-policy/errors';
import { authFor, engineWords, pullImage, registryDigest, repositoryOf } from '@/lib/docker/pull-image';

// Which images a build may read. An engine shared by several teams holds their images
// too, and a build resolves `FROM team-b/app` or `COPY --from=team-b/app /secret .` to
// whatever the engine has under that name. A build may read its own stages, the images
// the operator allows (BASE_IMAGE_MAP's mirrors, ALLOWED_BASE_IMAGES), and images a
// registry has: those are resolved there and pulled by digest, so a local image of
// the same name is never what the build gets.

export interface ImageAccess {
  map: BaseImageMap;
  allowed: string[];
  /** hosts a registry may be on although they are private (SOURCE_HOST_ALLOWLIST) */
  hostAllowlist: string[];
}

/** `node:22` and `docker.io/library/node:22` name the same image. */
function shortName(ref: string): string {
  return ref.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

function globToRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/** Allowed without asking a registry: scratch, BASE_IMAGE_MAP's images, ALLOWED_BASE_IMAGES. */
export function isAllowedImage(ref: string, access: ImageAccess): boolean {
  if (BUILTIN_IMAGES.has(ref)) return true;
  const mirrors = new Set(Object.values(access.map).map(shortName));
  const name = shortName(ref);
  if (mirrors.has(name)) return true;
  return access.allowed.some((pattern) => globToRegExp(shortName(pattern)).test(name) || globToRegExp(shortName(pattern)).test(name.replace(/:[^/:@]+$/, '')));
}

/** The registry an image reference names (Docker Hub when the first part is not a host). */
export function registryHost(ref: string): string {
  const first = ref.split('/')[0]!;
  if (ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first.replace(/:\d+$/, '');
  return 'registry-1.docker.io';
}

/**
 * The reference a build may use for `ref`: itself when allowed, else the registry's
 * image pinned by digest (pulled now). Refuses with the reason when neither holds.
 */
export async function resolveImage(docker: Docker, ref: string, access: ImageAccess, where: string, onLog?: (text: string) => void): Promise<string> {
  const mapped = resolveBaseImage(access.map, ref);
  if (isAllowedImage(mapped, access)) return mapped;
  const refuse = (why: string) =>
    new BuildRefusedError(
      `${where} reads the image ${ref}, which this instance does not allow: builds read their own stages, the images of BASE_IMAGE_MAP and ALLOWED_BASE_IMAGES, and images a registry has. ${why}`,
    );
  try {
    await checkHost(registryHost(ref), access.hostAllowlist, `The registry of ${ref}`);
  } catch (error) {
    throw refuse((error as Error).message);
  }
  // pulled with REGISTRY_CREDENTIALS's credentials for its registry, where it names some
  const auth = authFor(ref);
  let digest: string | undefined;
  try {
    digest = await registryDigest(docker, ref, auth);
  } catch (error) {
    throw refuse(`No registry answered for it (${engineWords(error)}). If it is a base image your team relies on, add it to ALLOWED_BASE_IMAGES or BASE_IMAGE_MAP.`);
  }
  if (!digest) throw refuse('The registry did not give its digest.');
  const pinned = `${repositoryOf(ref)}@${digest}`;
  onLog?.(`Pulling ${pinned} for ${ref}\n`);
  try {
    await pullImage(docker, pinned, { auth });
  } catch (error) {
    throw refuse(`Its pull failed: ${engineWords(error)}.`);
  }
  return pinned;
}
