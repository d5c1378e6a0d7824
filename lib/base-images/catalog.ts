// The one catalog of base images Shipshape writes into Dockerfiles, after the seed's
// table ("Choosing the Right Base Image for Final Stage"). Names are upstream names;
// an operator's BASE_IMAGE_MAP decides what is actually pulled (see rewrite-from.ts).

/** The Go release the seed teaches; a go.mod asking for a newer one gets that one. */
export const GO_DEFAULT_VERSION = '1.22';

export const builderImages = {
  /** single-stage Go and the cgo builder: the full SDK image (Debian, with gcc) */
  goSdk: (version: string) => `golang:${version}`,
  /** multi-stage Go builder for static binaries */
  goBuilder: (version: string) => `golang:${version}-alpine`,
  rust: 'rust:1.87-slim',
  pythonSdk: 'python:3.12',
  pythonSlim: 'python:3.12-slim',
  maven: 'maven:3-eclipse-temurin-21',
  gradle: 'gradle:8.14-jdk21',
  nodeSdk: 'node:22',
} as const;

/** How the final stage's user is created, which depends on the base's userland. */
export type Userland = 'none' | 'busybox' | 'debian' | 'node';

export interface FinalBase {
  /** short, URL-safe name used in variant kinds ("multi-stage:alpine") */
  id: string;
  image: string;
  userland: Userland;
  /** why this base suits what runs on it: the seed's table in a sentence */
  why: string;
}

export const FINAL_BASES = {
  scratch: { id: 'scratch', image: 'scratch', userland: 'none', why: 'an empty image: 0 MB of overhead, nothing to attack, but no shell, no libc and no users' },
  distrolessStatic: {
    id: 'distroless-static',
    image: 'gcr.io/distroless/static-debian12',
    userland: 'none',
    why: 'CA certificates, tzdata and /etc/passwd on top of scratch, still no shell',
  },
  distrolessCc: {
    id: 'distroless-cc',
    image: 'gcr.io/distroless/cc-debian12',
    userland: 'none',
    why: 'a minimal glibc and libgcc for dynamically linked binaries, and nothing else: no shell, no package manager',
  },
  alpine: { id: 'alpine', image: 'alpine:3.21', userland: 'busybox', why: 'a shell and a package manager for debugging, in a few MB' },
  debianSlim: { id: 'debian-slim', image: 'debian:bookworm-slim', userland: 'debian', why: 'a full Debian userland with glibc, for binaries that need more than libc' },
  pythonSlim: { id: 'python-slim', image: 'python:3.12-slim', userland: 'debian', why: 'the Python runtime without compilers or headers' },
  jreAlpine: { id: 'jre-alpine', image: 'eclipse-temurin:21-jre-alpine', userland: 'busybox', why: 'a Java runtime only (no compiler, no build tool) on a small base' },
  jre: { id: 'jre', image: 'eclipse-temurin:21-jre', userland: 'debian', why: 'a Java runtime only, on Ubuntu/Debian with glibc' },
  nodeSlim: { id: 'node-slim', image: 'node:22-slim', userland: 'node', why: 'the Node.js runtime without compilers or build tools' },
} as const satisfies Record<string, FinalBase>;

/** Images that exist without any pull. */
export const BUILTIN_IMAGES: ReadonlySet<string> = new Set(['scratch']);

/**
 * The lines that create and switch to a non-root user (uid 1001) on a base. Scratch and
 * distroless have no way to create one: the numeric user distroless names "nonroot"
 * (65532) needs no /etc/passwd.
 */
export function nonRootLines(base: FinalBase): string[] {
  switch (base.userland) {
    case 'none':
      return ['USER 65532:65532'];
    case 'busybox':
      return ['RUN addgroup -g 1001 -S app && adduser -u 1001 -S -G app -H -D app', 'USER app'];
    case 'debian':
      return ['RUN useradd --uid 1001 --no-create-home --shell /usr/sbin/nologin app', 'USER app'];
    case 'node':
      return ['USER node'];
  }
}
