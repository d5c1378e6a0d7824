import type { ImagePackage } from '@/lib/image-files/packages';
import type { BaseImageUse } from '@/lib/base-images/rewrite-from';
import { reductionPercent } from '@/lib/format';
import { platformSizesOf, type PlatformSizeJson, type SizeSource } from '@/lib/analyses/platform-sizes';
import type { AnalysisSummaryRecord, AnalysisRecord } from '@/lib/analyses/queries';
import { compareKinds, variantKind, type AnalysisProgress, type AnalysisStatus, type Note, type VariantKind, type VariantStatus } from '@/lib/analyses/kinds';
import { shareJsonOf, type ShareJson } from '@/lib/share/share-json';
import { parseStoredOptions, type AnalysisOptions } from '@/lib/analyses/options';
import type { Stack } from '@/lib/stacks/types';
import type { Finding } from '@/lib/findings/find-issues';
import type { TreeNode } from '@/lib/image-files/summarise';
import type { CompressedSource } from '@/lib/image-files/read-image-export';
import type { EngineFacts } from '@/lib/docker/engine-facts';
import type { EngineSizes } from '@/lib/docker/inspect-image';
import type { Verdict } from '@/lib/repositories/verdict';
import type { RunCheck } from '@/lib/docker/run-check';
import type { RunCheckComparison } from '@/lib/analyses/run-check-words';
import { runCheckComparisons, warningsOf, type Warning } from '@/lib/analyses/outcome';
import { baseBytesOf, savingSplits, type SavingSplit } from '@/lib/analyses/savings';
import { groupJsonOf, type GroupAppJson, type GroupJson } from '@/lib/analyses/group-json';

// The JSON shapes of the public API (GET /api/analyses/:id and the list). Field
// names are a contract with outside tools: add fields, never rename.

export interface LayerJson {
  createdBy: string;
  sizeBytes: number;
  empty: boolean;
  id: string;
  createdAt: string | null;
  diffId: string | null;
  /** the layer compressed, as a registry push sends it */
  compressedBytes: number | null;
  /** engine: the blob's own size; computed: gzip computed from the layer's bytes */
  compressedSource: CompressedSource | null;
  /** how many files the layer added, changed and removed */
  files: { added: number; modified: number; removed: number } | null;
  fileBytes: { added: number; modified: number; removed: number } | null;
}

export interface WastedJson {
  path: string;
  wastedBytes: number;
  copies: { layer: number | null; size: number; removed: boolean }[];
}

export interface VariantJson {
  kind: VariantKind;
  status: VariantStatus;
  dockerfile: string;
  baseImages: BaseImageUse[];
  imageId: string | null;
  imageTag: string | null;
  /** classic, buildkit or buildah (Podman) */
  builder: string;
  /** the engine it was built on */
  engine: VariantEngineJson | null;
  /** the engine's own figures, as its CLI shows them (see sizeBytes for the one Shipshape compares) */
  engineSizes: EngineSizes | null;
  /** the final stage's base, where Shipshape chose it */
  finalBase: string | null;
  platform: string | null;
  sizeBytes: number | null;
  /**
   * engine: sizeBytes and the layers' sizes are the engine's own; computed: the engine
   * has none (the containerd store does not unpack an image of another platform), so
   * they are the bytes of the files each layer adds or changes, read from the export
   */
  sizeSource: SizeSource;
  /** the cold build: no layer cache, empty cache mounts */
  buildSeconds: number | null;
  /** the rebuild after a one-line source change */
  warmBuildSeconds: number | null;
  /** Σ of the layers' compressed sizes, as a registry push sends them */
  compressedBytes: number | null;
  /** engine: every layer's size is the engine's own blob; computed: gzip computed here for some or all */
  compressedSource: CompressedSource | null;
  /** dive's score: Σ smallest copy per path ÷ Σ all copies */
  efficiency: number | null;
  wastedBytes: number | null;
  wasted: WastedJson[];
  findings: Finding[];
  tree: TreeNode | null;
  largestFiles: { path: string; size: number; layer: number | null }[];
  runsAs: string | null;
  /** what each package weighs, largest first, from the image's package databases (bytes: its files in the final image) */
  packages: ImagePackage[];
  filesError: string | null;
  /** the bytes of its final stage's base image: its bottom layers (computed from docker history); null when unknown */
  baseBytes: number | null;
  /** how many of its history entries (bottom first) are the final stage's base image; null when unknown */
  baseLayers: number | null;
  /** the image started once and watched (RUN_CHECK); null when it was not run */
  runCheck: RunCheck | null;
  /** whether it behaved like the single-stage image (and the multi-stage one like the repository's own) */
  runCheckComparisons: RunCheckComparison[];
  steps: { current: number; total: number } | null;
  error: string | null;
  log: string;
  layers: LayerJson[];
}

export type VariantEngineJson = EngineFacts & { name: string };

export type StackJson = Stack & { finalBase?: { id: string; image: string; reason: string }; alternativeBases?: string[] };

export interface ComparisonJson {
  singleStageBytes: number;
  multiStageBytes: number;
  savedBytes: number;
  reductionPercent: number | null;
  /** the repository's own Dockerfile's image, where it has one that built */
  repositoryBytes: number | null;
  /** the saving against the single-stage (and the repository's) image, split: a smaller base, and less added on top of it (computed from docker history) */
  savings: SavingSplit[];
}

export interface AnalysisJson {
  id: string;
  status: AnalysisStatus;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  source: { type: string; label: string; ref: string | null; subdir: string | null };
  stack: StackJson | null;
  options: AnalysisOptions;
  /** the .dockerignore Shipshape used, when the repository had none */
  dockerignore: string | null;
  notes: Note[];
  progress: AnalysisProgress | null;
  /** the engine (a name from DOCKER_ENGINES) it was built on */
  engine: string | null;
  /** how many times a worker took it up (more than 1 after a crash or a lost engine) */
  attempts: number;
  /** when retention removed its images from the engine (the numbers stay) */
  imagesRemovedAt: string | null;
  variants: VariantJson[];
  comparison: ComparisonJson | null;
  /** the multi-stage image per platform, when other platforms were asked for (else empty) */
  platforms: PlatformSizeJson[];
  /** what is worth saying beside the status: a repository Dockerfile that did not build, an image that does not behave like its single-stage twin */
  warnings: Warning[];
  /** the repository it is of (null only for analyses stored before repositories) */
  repository: { id: string; name: string } | null;
  /** the commit analysed: git's HEAD after the clone, or what the uploader said */
  commit: { sha: string; subject: string | null } | null;
  /** the repository's budget applied to it when it finished; null without a budget */
  verdict: Verdict | null;
  /** null until a member shares the analysis, and while the link is revoked or expired */
  shareUrl: string | null;
  share: ShareJson;
  /** a monorepo's root: the apps found in its folders, each with its analysis where one was started (options.eachApp) */
  apps: GroupAppJson[];
  /** an app of a monorepo: the analysis of the root that started it */
  group: GroupJson | null;
}

/** The headline's numbers; `savings` where the variants' layers are at hand (lib/analyses/savings.ts). */
export function comparisonOf(variants: { kind: string; sizeBytes: bigint | number | null }[], savings: SavingSplit[] = []): ComparisonJson | null {
  const size = (kind: VariantKind) => {
    const v = variants.find((x) => x.kind === kind)?.sizeBytes;
    return v === null || v === undefined ? null : Number(v);
  };
  const single = size('single-stage');
  const multi = size('multi-stage');
  if (single === null || multi === null) return null;
  return {
    singleStageBytes: single,
    multiStageBytes: multi,
    savedBytes: single - multi,
    reductionPercent: reductionPercent(single, multi),
    repositoryBytes: size('repository'),
    savings,
  };
}

export function toAnalysisJson(analysis: AnalysisRecord, origin: string): AnalysisJson {
  const variants = [...analysis.variants].sort((a, b) => compareKinds(a.kind, b.kind));
  const comparisons = runCheckComparisons(variants);
  const variantJson: VariantJson[] = variants.map((v) => ({
    kind: variantKind(v.kind),
    status: v.status,
    dockerfile: v.dockerfile,
    baseImages: v.baseImages ?? [],
    imageId: v.imageId,
    imageTag: v.imageTag,
    builder: v.builder,
    engine: v.engineFacts,
    engineSizes: v.engineSizes,
    finalBase: v.finalBase,
    platform: v.platform,
    sizeBytes: v.sizeBytes === null ? null : Number(v.sizeBytes),
    sizeSource: v.sizeSource ?? 'engine',
    buildSeconds: v.buildSeconds,
    warmBuildSeconds: v.warmBuildSeconds,
    compressedBytes: v.compressedBytes === null ? null : Number(v.compressedBytes),
    compressedSource: v.compressedSource,
    efficiency: v.efficiency,
    wastedBytes: v.wastedBytes === null ? null : Number(v.wastedBytes),
    wasted: v.wasted ?? [],
    findings: v.findings ?? [],
    tree: v.tree,
    largestFiles: v.largestFiles ?? [],
    runsAs: v.runsAs,
    packages: v.packages ?? [],
    filesError: v.filesError,
    baseBytes: baseBytesOf(v),
    baseLayers: v.baseLayers,
    runCheck: v.runCheck,
    runCheckComparisons: comparisons.get(v.kind) ?? [],
    steps: v.stepTotal ? { current: v.stepCurrent ?? 0, total: v.stepTotal } : null,
    error: v.error,
    log: v.log,
    layers: v.layers.map((l) => ({
      createdBy: l.createdBy,
      sizeBytes: Number(l.sizeBytes),
      empty: l.empty,
      id: l.historyId,
      createdAt: l.createdAt?.toISOString() ?? null,
      diffId: l.diffId,
      compressedBytes: l.compressedBytes === null ? null : Number(l.compressedBytes),
      compressedSource: l.compressedSource,
      files: l.filesAdded === null ? null : { added: l.filesAdded, modified: l.filesModified ?? 0, removed: l.filesRemoved ?? 0 },
      fileBytes: l.bytesAdded === null ? null : { added: Number(l.bytesAdded), modified: Number(l.bytesModified ?? 0), removed: Number(l.bytesRemoved ?? 0) },
    })),
  }));
  return {
    id: analysis.id,
    status: analysis.status,
    error: analysis.error,
    createdAt: analysis.createdAt.toISOString(),
    startedAt: analysis.startedAt?.toISOString() ?? null,
    finishedAt: analysis.finishedAt?.toISOString() ?? null,
    source: { type: analysis.sourceType, label: analysis.sourceLabel, ref: analysis.sourceRef, subdir: analysis.sourceSubdir },
    stack: analysis.stack,
    options: parseStoredOptions(analysis.options),
    dockerignore: analysis.dockerignore,
    notes: analysis.notes ?? [],
    progress: analysis.progress,
    engine: analysis.engine,
    attempts: analysis.attempts,
    imagesRemovedAt: analysis.imagesRemovedAt?.toISOString() ?? null,
    variants: variantJson,
    comparison: comparisonOf(variants, savingSplits(variants)),
    platforms: platformSizesOf(variants),
    warnings: warningsOf(variants, comparisons),
    repository: analysis.repository ? { id: analysis.repository.id, name: analysis.repository.name } : null,
    commit: analysis.commitSha ? { sha: analysis.commitSha, subject: analysis.commitSubject } : null,
    verdict: analysis.verdict,
    shareUrl: shareJsonOf(analysis, origin).url,
    share: shareJsonOf(analysis, origin),
    ...groupJsonOf(analysis),
  };
}

/**
 * What a share link shows people outside the team: the comparison, without the build
 * logs unless whoever shared it ticked "include build logs" (logs can name internal
 * hosts, paths and whatever a build printed). Only for an analysis whose link is live.
 */
export function toSharedAnalysisJson(analysis: AnalysisRecord, origin: string): AnalysisJson {
  // the other analyses of a monorepo's group are the team's: a share link shows one
  const json = { ...toAnalysisJson(analysis, origin), group: null };
  json.apps = json.apps.map((app) => ({ ...app, analysisId: null }));
  if (analysis.shareIncludeLogs) return json;
  return { ...json, variants: json.variants.map((v) => ({ ...v, log: '' })) };
}

export interface AnalysisSummaryJson {
  id: string;
  status: AnalysisStatus;
  error: string | null;
  createdAt: string;
  source: { type: string; label: string; ref: string | null; subdir: string | null };
  stack: { language: string } | null;
  comparison: ComparisonJson | null;
  shareUrl: string | null;
}

export function toAnalysisSummaryJson(analysis: AnalysisSummaryRecord, origin: string): AnalysisSummaryJson {
  const stack = analysis.stack;
  return {
    id: analysis.id,
    status: analysis.status,
    error: analysis.error,
    createdAt: analysis.createdAt.toISOString(),
    source: { type: analysis.sourceType, label: analysis.sourceLabel, ref: analysis.sourceRef, subdir: analysis.sourceSubdir },
    stack: stack ? { language: stack.language } : null,
    comparison: comparisonOf(analysis.variants),
    shareUrl: shareJsonOf(analysis, origin).url,
  };
}
