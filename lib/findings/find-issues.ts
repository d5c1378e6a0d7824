import { DockerfileParser, type Copy, type Instruction } from 'dockerfile-ast';
import type { FileAnalysis } from '@/lib/image-files/analyse-layers';
import { bytesUnder, resolvePath } from '@/lib/image-files/summarise';
import { findAppIssues, type AppFinding } from '@/lib/findings/app-findings';
import { instructionOf } from '@/lib/image-files/instruction';

// The seed's common mistakes and the usual size mistakes: found in the Dockerfile
// with a real parser (dockerfile-ast, behind VS Code's Dockerfile language server)
// and proven from the built image's files wherever the image can prove them.

export interface Finding {
  id: 'sdk-in-final-stage' | 'copies-whole-build-dir' | 'cgo-binary-on-scratch' | 'runs-as-root' | 'package-cache-left' | 'deleted-in-later-layer' | AppFinding['id'];
  title: string;
  /** Dockerfile line (1-based), layer (position, 0 = newest, as listed), path */
  where: { line?: number; layer?: number; path?: string };
  /** bytes the image carries because of it; null when nothing is at stake in bytes */
  bytes: number | null;
  fix: string;
  detail: string;
}

export interface FindingInput {
  dockerfile: string;
  files: FileAnalysis;
  /** `docker history` order (newest first): created-by per history position */
  history: { createdBy: string }[];
  /** exported layer index (bottom first) -> history position */
  positionOfLayer: (layer: number) => number | undefined;
  /** the repository's package.json devDependencies (none: not a Node.js project) */
  devDependencies?: string[];
}

const SDKS: { root: string; marker: string; name: string; fix: string }[] = [
  { root: '/usr/local/go', marker: '/usr/local/go/bin/go', name: 'the Go toolchain', fix: 'Build in a builder stage and copy only the binary into scratch or distroless.' },
  {
    root: '/usr/local/cargo',
    marker: '/usr/local/cargo/bin/cargo',
    name: 'the Rust toolchain (cargo)',
    fix: 'Build in a builder stage and copy only target/release/<binary> into distroless/cc.',
  },
  { root: '/usr/local/rustup', marker: '/usr/local/rustup/settings.toml', name: 'the Rust toolchains (rustup)', fix: 'Build in a builder stage; the final stage needs no rustup.' },
  { root: '/usr/share/maven', marker: '/usr/share/maven/bin/mvn', name: 'Maven', fix: 'Build with Maven in a builder stage and copy only the jar onto a JRE image.' },
  {
    root: '/opt/java/openjdk',
    marker: '/opt/java/openjdk/bin/javac',
    name: 'a full JDK (javac)',
    fix: 'Run on a JRE image (eclipse-temurin:21-jre-alpine): the compiler is not needed at run time.',
  },
  { root: '/usr/lib/gcc', marker: '/usr/bin/gcc', name: 'a C compiler (gcc)', fix: 'Compile in a builder stage; keep build-essential out of the final stage.' },
];

const CACHES: { dir: string; name: string; fix: string }[] = [
  { dir: '/var/lib/apt/lists', name: "apt's package lists", fix: 'End the RUN that calls apt-get update with `&& rm -rf /var/lib/apt/lists/*`.' },
  { dir: '/var/cache/apt/archives', name: "apt's downloaded .deb files", fix: 'Run `apt-get clean` in the same RUN as the install.' },
  { dir: '/root/.cache/pip', name: "pip's cache", fix: 'pip install --no-cache-dir, or a BuildKit cache mount on /root/.cache/pip.' },
  { dir: '/root/.npm', name: "npm's cache", fix: 'npm cache clean --force in the same RUN, or a BuildKit cache mount on /root/.npm.' },
  { dir: '/usr/local/share/.cache/yarn', name: "yarn's cache", fix: 'yarn cache clean in the same RUN, or a BuildKit cache mount.' },
  { dir: '/root/.cache/go-build', name: "Go's build cache", fix: 'Use a BuildKit cache mount on /root/.cache/go-build, or a builder stage.' },
  { dir: '/root/.m2/repository', name: "Maven's local repository", fix: 'Build in a builder stage (with a cache mount on /root/.m2) and copy only the jar.' },
];

/** Files that only a build reads: sources of compiled languages, manifests, build output. */
const BUILD_ONLY = /\.(go|rs|c|h|cc|cpp|java|kt|kts|scala)$|\/(go\.mod|go\.sum|Cargo\.toml|Cargo\.lock|pom\.xml|build\.gradle(\.kts)?|Makefile)$|\/(target|\.git)\//;

const STATIC_SDK_IMAGE = /^(golang|rust|maven|gradle)(:|$)|^eclipse-temurin:\d+-jdk|^openjdk:|^node:\d+(\.\d+)*$|^python:\d+(\.\d+)*$/;

function finalStage(instructions: Instruction[]): Instruction[] {
  const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf('FROM');
  return lastFrom === -1 ? [] : instructions.slice(lastFrom);
}

const lineOf = (instruction: Instruction) => (instruction.getRange().start.line ?? 0) + 1;

function largestLayer(files: FileAnalysis, prefix: string): number | undefined {
  const bytesPerLayer = new Map<number, number>();
  for (const [path, file] of files.final) {
    if (path === prefix || path.startsWith(`${prefix}/`)) bytesPerLayer.set(file.layer, (bytesPerLayer.get(file.layer) ?? 0) + file.size);
  }
  return [...bytesPerLayer].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export function findIssues(input: FindingInput): Finding[] {
  const { files } = input;
  const findings: Finding[] = [];
  const dockerfile = DockerfileParser.parse(input.dockerfile);
  const instructions = dockerfile.getInstructions();
  const last = finalStage(instructions);
  const from = last[0];
  const fromImage = from
    ? (from
        .getArguments()
        .find((a) => !a.getValue().startsWith('--'))
        ?.getValue() ?? '')
    : '';
  const stageNames = new Set(
    dockerfile
      .getFROMs()
      .map((f) => f.getBuildStage()?.toLowerCase())
      .filter(Boolean),
  );
  const layerWhere = (layer: number | undefined) => {
    const position = layer === undefined ? undefined : input.positionOfLayer(layer);
    return position === undefined ? {} : { layer: position };
  };
  const createdBy = (layer: number | undefined) => {
    const position = layer === undefined ? undefined : input.positionOfLayer(layer);
    return position === undefined ? '' : ` (layer ${position}: ${instructionOf(input.history[position]?.createdBy ?? '').slice(0, 100)})`;
  };

  // 1. An SDK in the final image.
  for (const sdk of SDKS) {
    // Debian-packaged toolchains sit elsewhere behind a symlink (/usr/local/go -> /usr/lib/go-1.22)
    const marker = resolvePath(files.final, sdk.marker);
    if (files.final.get(marker)?.type !== 'file') continue;
    const root = resolvePath(files.final, sdk.root);
    if (findings.some((f) => f.where.path === root)) continue;
    const { bytes } = bytesUnder(files.final, root);
    const layer = largestLayer(files, root);
    findings.push({
      id: 'sdk-in-final-stage',
      title: `The final image ships ${sdk.name}`,
      where: { ...(from ? { line: lineOf(from) } : {}), ...layerWhere(layer), path: root },
      bytes,
      fix: sdk.fix,
      detail: `${root}${root !== sdk.root ? ` (${sdk.root})` : ''} holds ${bytes} bytes in the final image${createdBy(layer)}. Nothing at run time needs it.`,
    });
  }
  if (!findings.length && from && STATIC_SDK_IMAGE.test(fromImage) && !stageNames.has(fromImage.toLowerCase())) {
    findings.push({
      id: 'sdk-in-final-stage',
      title: `The final stage starts FROM ${fromImage}, a full SDK image`,
      where: { line: lineOf(from) },
      bytes: null,
      fix: 'Build in a builder stage and start the final stage from a runtime image (scratch, distroless, -slim, a JRE).',
      detail: 'The build tools in this image are shipped with the application.',
    });
  }

  // 2. COPY --from=<stage> of a whole folder instead of the artefact: proven by the
  //    sources and build files that came along, which nothing at run time reads.
  for (const instruction of last) {
    if (instruction.getKeyword() !== 'COPY') continue;
    const copy = instruction as Copy;
    const stage = copy.getFromFlag()?.getValue();
    const args = copy.getArguments().map((a) => a.getValue());
    const src = args.length === 2 ? args[0]! : null;
    if (!stage || !src || /\.[A-Za-z0-9]{1,8}$/.test(src)) continue;
    const dest = args[1]!;
    const target = dest === '.' || dest === './' ? '/' : (dest.startsWith('/') ? dest : `/${dest}`).replace(/\/$/, '') || '/';
    const prefix = target === '/' ? '/' : `${target}/`;
    let bytes = 0;
    let count = 0;
    for (const [path, file] of files.final) {
      if (file.type === 'dir' || !(path.startsWith(prefix) || path === target)) continue;
      if (input.positionOfLayer(file.layer) !== undefined && BUILD_ONLY.test(path)) {
        bytes += file.size;
        count += 1;
      }
    }
    if (count === 0) continue;
    findings.push({
      id: 'copies-whole-build-dir',
      title: `COPY --from=${stage} ${src} copies the whole folder, sources included`,
      where: { line: lineOf(copy), path: target },
      bytes,
      fix: `Copy only what runs, e.g. COPY --from=${stage} ${src.replace(/\/$/, '')}/<binary> /<binary>.`,
      detail: `${count} source or build files (${bytes} bytes) under ${target} came over from the ${stage} stage; nothing at run time reads them.`,
    });
  }

  // 3. A dynamically linked binary on scratch.
  if (fromImage === 'scratch') {
    for (const [path, file] of files.final) {
      if (!file.interp) continue;
      if (files.final.has(file.interp)) continue;
      findings.push({
        id: 'cgo-binary-on-scratch',
        title: `${path} needs ${file.interp}, which scratch does not have`,
        where: { ...(from ? { line: lineOf(from) } : {}), ...layerWhere(file.layer), path },
        bytes: file.size,
        fix: 'Build Go with CGO_ENABLED=0 for a static binary, or use gcr.io/distroless/cc-debian12 as the final base.',
        detail: 'The binary is dynamically linked (it has an ELF interpreter). On scratch it fails with "no such file or directory" before main runs.',
      });
    }
  }

  // 4. Running as root.
  if (files.user === '' || files.user === 'root' || files.user === '0' || files.user.startsWith('0:') || files.user.startsWith('root:')) {
    const user = last.find((i) => i.getKeyword() === 'USER');
    findings.push({
      id: 'runs-as-root',
      title: 'The container runs as root',
      where: user ? { line: lineOf(user) } : from ? { line: lineOf(from) } : {},
      bytes: null,
      fix:
        fromImage === 'scratch' || fromImage.includes('distroless')
          ? 'Add USER 65532:65532 (or use a :nonroot distroless image).'
          : 'Create a user (uid 1001) and add USER before CMD.',
      detail: 'A process that escapes the application runs with root rights inside the container.',
    });
  }

  // 5. Package manager caches left in a layer.
  for (const cache of CACHES) {
    const { bytes, files: count } = bytesUnder(files.final, cache.dir);
    if (bytes < 64 * 1024 || count === 0) continue;
    const layer = largestLayer(files, cache.dir);
    findings.push({
      id: 'package-cache-left',
      title: `${cache.name[0]!.toUpperCase()}${cache.name.slice(1)} stayed in the image`,
      where: { ...layerWhere(layer), path: cache.dir },
      bytes,
      fix: cache.fix,
      detail: `${count} files (${bytes} bytes) under ${cache.dir}${createdBy(layer)}.`,
    });
  }

  // 6. Files deleted in a later layer: removed from view, still shipped.
  files.layers.forEach((layer, index) => {
    const removed = layer.changes.filter((c) => c.change === 'removed');
    const bytes = removed.reduce((a, c) => a + c.size, 0);
    if (bytes < 1024 * 1024) return;
    findings.push({
      id: 'deleted-in-later-layer',
      title: `A later layer deletes ${removed.length} files (${bytes} bytes) that an earlier layer added`,
      where: { ...layerWhere(index), path: removed[0]?.path },
      bytes,
      fix: 'Delete files in the same RUN that creates them (or build them in another stage): a later layer only hides them.',
      detail: `The deleting layer${createdBy(index)} adds whiteouts; the bytes stay in the layer below and are pulled with the image.`,
    });
  });

  // 7. What the application does not need at run time (lib/findings/app-findings.ts).
  findings.push(...findAppIssues({ finalStage: last, final: files.final, devDependencies: input.devDependencies ?? [] }));

  return findings.sort((a, b) => (b.bytes ?? 0) - (a.bytes ?? 0));
}
