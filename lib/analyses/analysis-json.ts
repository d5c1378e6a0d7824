import type { BaseImageUse } from '@/lib/base-images/rewrite-from';
import { reductionPercent } from '@/lib/format';
import { platformSizesOf, type PlatformSizeJson, type SizeSource } from '@/lib/analyses/platform-sizes';
import type { AnalysisSummaryRecord, AnalysisRecord } from '@/lib/analyses/queries';
import { compareKinds, type AnalysisProgress, type AnalysisStatus, type Note, type VariantKind, type VariantStatus } from '@/lib/analyses/kinds';
import { shareIsLive, type ShareFields } from '@/lib/share/share-links';
import { parseStoredOptions, type AnalysisOptions } from '@/lib/analyses/options';
import type { Stack } from '@/lib/stacks/types';
import type { Finding } from '@/lib/findings/find-issues';
import type { TreeNode } from '@/lib/image-files/summarise';
import type { CompressedSource } from '@/lib/image-files/read-image-export';
import type { EngineFacts } from '@/lib/docker/engine-facts';
import type { EngineSizes } from '@/lib/docker/inspect-image';
import type { Verdict } from '@/lib/repositories/verdict';

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
  filesError: string | null;
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
  /** the repository it is of (null only for analyses stored before repositories) */
  repository: { id: string; name: string } | null;
  /** the commit analysed: git's HEAD after the clone, or what the uploader said */
  commit: { sha: string; subject: string | null } | null;
  /** the repository's budget applied to it when it finished; null without a budget */
  verdict: Verdict | null;
  /** null until a member shares the analysis, and while the link is revoked or expired */
  shareUrl: string | null;
  share: ShareJson;
}

export interface ShareJson {
  /** null until a member shares the analysis, and while the link is revoked or expired */
  url: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** an image of the sizes for READMEs (null while there is no live link) */
  badgeUrl: string | null;
  /** the same, always for the newest shared analysis of this repository */
  latestBadgeUrl: string | null;
  /** when the link was made; null = never shared */
  sharedAt: string | null;
  /** the link shows the build logs (the sharer ticked "include build logs") */
  includeLogs: boolean;
  /** an admin locked sharing: only admins can make a new link */
  locked: boolean;
  lockedAt: string | null;
}

type ShareRecord = ShareFields & { shareToken: string; shareIncludeLogs: boolean; shareLockedAt: Date | null };

export function shareJsonOf(analysis: ShareRecord, origin: string): ShareJson {
  const live = shareIsLive(analysis);
  const url = live ? shareUrlFor(analysis.shareToken, origin) : null;
  return {
    url,
    expiresAt: analysis.shareExpiresAt?.toISOString() ?? null,
    revokedAt: analysis.shareRevokedAt?.toISOString() ?? null,
    badgeUrl: url && `${url}/badge.svg`,
    latestBadgeUrl: url && `${url}/latest/badge.svg`,
    sharedAt: analysis.sharedAt?.toISOString() ?? null,
    includeLogs: analysis.shareIncludeLogs,
    locked: analysis.shareLockedAt !== null,
    lockedAt: analysis.shareLockedAt?.toISOString() ?? null,
  };
}

function parseJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function comparisonOf(variants: { kind: string; sizeBytes: bigint | number | null }[]): ComparisonJson | null {
  const size = (kind: VariantKind) => {
    const v = variants.find((x) => x.kind === kind)?.sizeBytes;
    return v === null || v === undefined ? null : Number(v);
  };
  const single = size('single-stage');
  const multi = size('multi-stage');
  if (single === null || multi === null) return null;
  return { singleStageBytes: single, multiStageBytes: multi, savedBytes: single - multi, reductionPercent: reductionPercent(single, multi) };
}

export function shareUrlFor(token: string, origin: string): string {
  return `${origin.replace(/\/$/, '')}/s/${token}`;
}

export function toAnalysisJson(analysis: AnalysisRecord, origin: string): AnalysisJson {
  const variants = [...analysis.variants].sort((a, b) => compareKinds(a.kind, b.kind));
  const variantJson: VariantJson[] = variants.map((v) => ({
    kind: v.kind as VariantKind,
    status: v.status as VariantStatus,
    dockerfile: v.dockerfile,
    baseImages: parseJson<BaseImageUse[]>(v.baseImages) ?? [],
    imageId: v.imageId,
    imageTag: v.imageTag,
    builder: v.builder,
    engine: parseJson<VariantEngineJson>(v.engineFacts),
    engineSizes: parseJson<EngineSizes>(v.engineSizes),
    finalBase: v.finalBase,
    platform: v.platform,
    sizeBytes: v.sizeBytes === null ? null : Number(v.sizeBytes),
    sizeSource: v.sizeSource === 'computed' ? 'computed' : 'engine',
    buildSeconds: v.buildSeconds,
    warmBuildSeconds: v.warmBuildSeconds,
    compressedBytes: v.compressedBytes === null ? null : Number(v.compressedBytes),
    compressedSource: v.compressedSource as CompressedSource | null,
    efficiency: v.efficiency,
    wastedBytes: v.wastedBytes === null ? null : Number(v.wastedBytes),
    wasted: parseJson<WastedJson[]>(v.wasted) ?? [],
    findings: parseJson<Finding[]>(v.findings) ?? [],
    tree: parseJson<TreeNode>(v.tree),
    largestFiles: parseJson<VariantJson['largestFiles']>(v.largestFiles) ?? [],
    runsAs: v.runsAs,
    filesError: v.filesError,
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
      compressedSource: l.compressedSource as CompressedSource | null,
      files: l.filesAdded === null ? null : { added: l.filesAdded, modified: l.filesModified ?? 0, removed: l.filesRemoved ?? 0 },
      fileBytes: l.bytesAdded === null ? null : { added: Number(l.bytesAdded), modified: Number(l.bytesModified ?? 0), removed: Number(l.bytesRemoved ?? 0) },
    })),
  }));
  return {
    id: analysis.id,
    status: analysis.status as AnalysisStatus,
    error: analysis.error,
    createdAt: analysis.createdAt.toISOString(),
    startedAt: analysis.startedAt?.toISOString() ?? null,
    finishedAt: analysis.finishedAt?.toISOString() ?? null,
    source: { type: analysis.sourceType, label: analysis.sourceLabel, ref: analysis.sourceRef, subdir: analysis.sourceSubdir },
    stack: parseJson<StackJson>(analysis.stack),
    options: parseStoredOptions(analysis.options),
    dockerignore: analysis.dockerignore,
    notes: parseJson<Note[]>(analysis.notes) ?? [],
    progress: parseJson<AnalysisProgress>(analysis.progress),
    engine: analysis.engine,
    attempts: analysis.attempts,
    imagesRemovedAt: analysis.imagesRemovedAt?.toISOString() ?? null,
    variants: variantJson,
    comparison: comparisonOf(variants),
    platforms: platformSizesOf(variants),
    repository: analysis.repository ? { id: analysis.repository.id, name: analysis.repository.name } : null,
    commit: analysis.commitSha ? { sha: analysis.commitSha, subject: analysis.commitSubject } : null,
    verdict: parseJson<Verdict>(analysis.verdict),
    shareUrl: shareJsonOf(analysis, origin).url,
    share: shareJsonOf(analysis, origin),
  };
}

/**
 * What a share link shows people outside the team: the comparison, without the build
 * logs unless whoever shared it ticked "include build logs" (logs can name internal
 * hosts, paths and whatever a build printed). Only for an analysis whose link is live.
 */
export function toSharedAnalysisJson(analysis: AnalysisRecord, origin: string): AnalysisJson {
  const json = toAnalysisJson(analysis, origin);
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
  const stack = parseJson<StackJson>(analysis.stack);
  return {
    id: analysis.id,
    status: analysis.status as AnalysisStatus,
    error: analysis.error,
    createdAt: analysis.createdAt.toISOString(),
    source: { type: analysis.sourceType, label: analysis.sourceLabel, ref: analysis.sourceRef, subdir: analysis.sourceSubdir },
    stack: stack ? { language: stack.language } : null,
    comparison: comparisonOf(analysis.variants),
    shareUrl: shareJsonOf(analysis, origin).url,
  };
}
