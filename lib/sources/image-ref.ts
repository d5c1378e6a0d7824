import { z } from 'zod';

// An image reference as Docker's distribution grammar writes it: an optional registry
// (a host name with a dot or a port, or localhost), lower-case path components, a tag
// and/or a digest. Anything else is refused before it reaches an engine.

const DOMAIN = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?`;
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const TAG = String.raw`[\w][\w.-]{0,127}`;
const DIGEST = 'sha256:[a-f0-9]{64}';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);

export interface ImageReference {
  /** the registry as written (host and port), `docker.io` when none is named */
  registry: string;
  /** the repository path, e.g. team/api (library/… on Docker Hub) */
  repository: string;
  tag?: string;
  digest?: string;
  /** the reference to pull: with `:latest` where neither tag nor digest is named */
  ref: string;
}

/** The repository part of a reference, without tag or digest: registry.example.com/team/api. */
export function repositoryOf(ref: string): string {
  const withoutDigest = ref.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

const looksLikeRegistry = (first: string) => first.includes('.') || first.includes(':') || first === 'localhost';

/** The parts of an image reference, or null when it is not one. */
export function parseImageRef(text: string): ImageReference | null {
  if (text.length > 512) return null;
  const match = REFERENCE.exec(text);
  if (!match) return null;
  let [, domain, path, tag, digest] = match;
  // `team/api` names Docker Hub: a first part is a registry only when it looks like a host
  if (domain && !looksLikeRegistry(domain)) {
    if (!new RegExp(`^${COMPONENT}$`).test(domain)) return null;
    path = `${domain}/${path}`;
    domain = undefined;
  }
  const registry = domain ?? 'docker.io';
  const repository = registry === 'docker.io' && !path!.includes('/') ? `library/${path}` : path!;
  const name = domain ? `${domain}/${path}` : path!;
  const ref = tag || digest ? `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}` : `${name}:latest`;
  return { registry, repository, tag, digest, ref };
}

export const imageRefSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(512)
  .refine((text) => parseImageRef(text) !== null, {
    message: 'must be an image reference like registry.example.com/team/api:1.4 (lower-case name, optional registry, tag or @sha256 digest)',
  });

/** Credentials for the image's registry, kept sealed until the pull (like a git URL's). */
export const registryCredentialsSchema = z.object({
  username: z.string().min(1, 'is required').max(256),
  password: z.string().min(1, 'is required').max(8192),
});

export type RegistryCredentials = z.infer<typeof registryCredentialsSchema>;

export const imageSourceSchema = z.object({
  type: z.literal('image'),
  ref: imageRefSchema,
  credentials: registryCredentialsSchema.optional(),
});

/** The names an uploaded image archive may have: `docker save` output, plain or gzipped. */
export const IMAGE_ARCHIVE_NAME = /\.(tar|tar\.gz|tgz)$/i;
