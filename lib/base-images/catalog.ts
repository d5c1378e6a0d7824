// The one catalog of base images Shipshape writes into Dockerfiles, after the seed's
// table ("Choosing the Right Base Image for Final Stage"). Names are upstream names;
// an operator's BASE_IMAGE_MAP decides what is actually pulled (see rewrite-from.ts).

/** The Go release the seed teaches; a go.mod asking for a newer one gets that one. */
export const GO_DEFAULT_VERSION = '1.22';

export const baseImages = {
  /** single-stage Go: the full SDK image, as people write it first */
  goSdk: (version: string) => `golang:${version}`,
  /** multi-stage Go builder */
  goBuilder: (version: string) => `golang:${version}-alpine`,
  /** static binary, nothing else: the seed's first choice for Go */
  staticFinal: 'scratch',
} as const;

/** Images that exist without any pull. */
export const BUILTIN_IMAGES: ReadonlySet<string> = new Set(['scratch']);
