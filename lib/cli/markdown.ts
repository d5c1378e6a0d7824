import { formatBytes } from '@/lib/format';
import { growthPercent, type Check } from '@/lib/repositories/verdict';

// The summary the CLI writes for a pull-request comment or $GITHUB_STEP_SUMMARY.

export interface SummaryInput {
  url: string;
  analysis: {
    id: string;
    status: string;
    source: { label: string };
    repository: { name: string } | null;
    commit: { sha: string; subject: string | null } | null;
    variants: { kind: string; status: string; sizeBytes: number | null; compressedBytes: number | null }[];
    comparison: { singleStageBytes: number; multiStageBytes: number; reductionPercent: number | null } | null;
    /** a repository Dockerfile that did not build, an image that does not behave like its single-stage twin */
    warnings?: { message: string }[];
  };
  baselineSizes: Record<string, number> | null;
  /** the repository's budget (server) and the --fail-on rules, together */
  checks: Check[];
  pass: boolean;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function summaryMarkdown({ url, analysis, baselineSizes, checks, pass }: SummaryInput): string {
  const name = analysis.repository?.name ?? analysis.source.label;
  const lines = [`### Shipshape: ${cell(name)} ${checks.length ? (pass ? '✅ within budget' : '❌ over budget') : ''}`.trim(), ''];
  if (analysis.commit) lines.push(`Commit \`${analysis.commit.sha.slice(0, 12)}\`${analysis.commit.subject ? ` ${cell(analysis.commit.subject)}` : ''}`, '');
  if (analysis.comparison) {
    const c = analysis.comparison;
    lines.push(
      `**${formatBytes(c.singleStageBytes)} → ${formatBytes(c.multiStageBytes)}**${c.reductionPercent === null ? '' : ` (${c.reductionPercent} % smaller with the multi-stage build)`}`,
      '',
    );
  }
  lines.push('| image | size | compressed | vs baseline |', '|---|---:|---:|---:|');
  for (const v of analysis.variants) {
    const before = baselineSizes?.[v.kind];
    const delta =
      v.sizeBytes !== null && before !== undefined ? `${growthPercent(before, v.sizeBytes) >= 0 ? '+' : ''}${Number(growthPercent(before, v.sizeBytes).toFixed(2))} %` : '–';
    lines.push(
      `| ${cell(v.kind)} | ${v.sizeBytes === null ? v.status : formatBytes(v.sizeBytes)} | ${v.compressedBytes === null ? '–' : formatBytes(v.compressedBytes)} | ${delta} |`,
    );
  }
  if (analysis.warnings?.length) {
    lines.push('', '**Warnings**', '');
    for (const w of analysis.warnings) lines.push(`- ⚠️ ${cell(w.message)}`);
  }
  if (checks.length) {
    lines.push('', '**Checks**', '');
    for (const c of checks) lines.push(`- ${c.pass ? '✅' : '❌'} ${c.rule} (${cell(c.variant)}): ${cell(c.message)}`);
  }
  lines.push('', `[The whole analysis](${url.replace(/\/$/, '')}/analyses/${analysis.id})`, '');
  return lines.join('\n');
}
