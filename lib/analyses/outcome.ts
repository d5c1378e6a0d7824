import { compareRunChecks, runCheckSummary, type RunCheckComparison } from '@/lib/analyses/run-check-words';
import type { RunCheck } from '@/lib/docker/run-check';

// How an analysis came out beyond its status: whether each image behaved like the
// single-stage one when it ran (and the multi-stage one like the repository's own), and
// the warnings worth the headline: a repository Dockerfile that did not build (the
// analysis still succeeds on Shipshape's files), an image that does not behave like its
// single-stage twin.

export interface Warning {
  /** what it is about: repository, run-check, or a variant's kind */
  topic: string;
  message: string;
}

interface CheckedVariant {
  kind: string;
  status: string;
  error: string | null;
  runCheck: RunCheck | null;
}

/** What each image's run check is compared with: every image with the single-stage one, the multi-stage one also with the repository's. */
export function runCheckComparisons(variants: CheckedVariant[]): Map<string, RunCheckComparison[]> {
  const byKind = new Map(variants.map((v) => [v.kind, v]));
  const single = byKind.get('single-stage')?.runCheck;
  const own = byKind.get('repository')?.runCheck;
  const result = new Map<string, RunCheckComparison[]>();
  for (const variant of variants) {
    const check = variant.runCheck;
    if (!check || variant.kind === 'single-stage') continue;
    const list: RunCheckComparison[] = [];
    if (single) list.push(compareRunChecks(check, single, 'single-stage'));
    if (variant.kind === 'multi-stage' && own) list.push(compareRunChecks(check, own, 'repository'));
    result.set(variant.kind, list);
  }
  return result;
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((line) => line.trim())
    ?.trim() ?? text;

export function warningsOf(variants: CheckedVariant[], comparisons: Map<string, RunCheckComparison[]>): Warning[] {
  const warnings: Warning[] = [];
  const own = variants.find((v) => v.kind === 'repository');
  const generated = variants.filter((v) => v.kind !== 'repository');
  if (own?.status === 'failed' && generated.some((v) => v.status === 'succeeded')) {
    warnings.push({
      topic: 'repository',
      message: `The repository's own Dockerfile did not build (${firstLine(own.error ?? 'see its log')}). Shipshape's Dockerfiles did; the comparison uses them.`,
    });
  }
  const multi = variants.find((v) => v.kind === 'multi-stage');
  const ports = multi?.runCheck?.ports ?? [];
  if (multi?.runCheck?.outcome === 'running' && ports.length && ports.every((p) => p.loopbackOnly)) {
    warnings.push({
      topic: 'run-check',
      message: `The multi-stage image ${runCheckSummary(multi.runCheck)}. Make the program listen on all interfaces (":${ports[0]!.port}" instead of "${ports[0]!.address}:${ports[0]!.port}").`,
    });
  }
  if (multi?.runCheck?.outcome === 'not-started') {
    warnings.push({ topic: 'run-check', message: `The multi-stage image ${runCheckSummary(multi.runCheck)}.` });
  }
  for (const variant of variants) {
    const twin = comparisons.get(variant.kind)?.find((c) => c.against === 'single-stage');
    if (!twin || twin.same || (variant.kind === 'multi-stage' && multi?.runCheck?.outcome === 'not-started')) continue;
    warnings.push({ topic: 'run-check', message: `The ${variant.kind} image does not behave like the single-stage one: ${twin.differences.join('; ')}.` });
  }
  return warnings;
}
