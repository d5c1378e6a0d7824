import type { RunCheck } from '@/lib/docker/run-check';

// What a run check showed, in words, and whether two images behaved alike: the same
// exit code and output for programs that end, the same HTTP status and content type
// for servers (lib/docker/run-check.ts watches them).

export interface RunCheckComparison {
  /** the variant compared with, e.g. single-stage */
  against: string;
  same: boolean;
  /** what differs, in words; empty when they behaved alike */
  differences: string[];
}

/** One line for a run check: "answers HTTP 200 (application/json) on :8080". */
export function runCheckSummary(check: RunCheck): string {
  if (check.outcome === 'not-started') return `did not start: ${check.reason ?? 'the engine refused it'}`;
  if (check.outcome === 'exited') return `ran and exited ${check.exitCode}${check.exitCode === 0 ? '' : ' (an error)'} after ${check.seconds} s`;
  const hidden = check.ports.filter((p) => p.loopbackOnly);
  if (check.http?.status) {
    const type = check.http.contentType ? ` (${check.http.contentType.split(';')[0]})` : '';
    return `answers HTTP ${check.http.status}${type} on :${check.http.port}`;
  }
  if (hidden.length && hidden.length === check.ports.length) {
    return `listens on ${hidden.map((p) => `${p.address}:${p.port}`).join(', ')} only: nothing outside the container reaches it`;
  }
  if (check.http) return `listens on :${check.http.port} but gave no HTTP answer (${check.http.error ?? 'none'})`;
  return `still running after ${check.seconds} s, listening on no TCP port`;
}

/** Output lines as compared: order aside (stdout and stderr interleave differently), numbers masked (times, pids, sizes). */
function outputLines(output: string): string[] {
  return output
    .split('\n')
    .map((line) => line.trim().replace(/\d+/g, '#'))
    .filter(Boolean)
    .sort();
}

/** Whether `check` behaved like `twin` (the variant named `against`). */
export function compareRunChecks(check: RunCheck, twin: RunCheck, against: string): RunCheckComparison {
  const differences: string[] = [];
  if (check.outcome !== twin.outcome || check.outcome === 'not-started') {
    if (check.outcome !== twin.outcome || check.reason !== twin.reason) differences.push(`this image ${runCheckSummary(check)}; the ${against} image ${runCheckSummary(twin)}`);
  } else if (check.outcome === 'exited') {
    if (check.exitCode !== twin.exitCode) differences.push(`it exited ${check.exitCode}; the ${against} image exited ${twin.exitCode}`);
    const [mine, theirs] = [outputLines(check.output), outputLines(twin.output)];
    if (mine.join('\n') !== theirs.join('\n')) differences.push(`its output differs from the ${against} image's`);
  } else {
    const [mine, theirs] = [check.http, twin.http];
    if (Boolean(mine?.status) !== Boolean(theirs?.status)) differences.push(`this image ${runCheckSummary(check)}; the ${against} image ${runCheckSummary(twin)}`);
    else if (mine?.status && theirs?.status) {
      if (mine.status !== theirs.status) differences.push(`it answers HTTP ${mine.status}; the ${against} image answers ${theirs.status}`);
      const type = (t: string | null) => t?.split(';')[0]?.trim().toLowerCase() ?? null;
      if (type(mine.contentType) !== type(theirs.contentType)) {
        differences.push(`it answers ${type(mine.contentType) ?? 'without a content type'}; the ${against} image ${type(theirs.contentType) ?? 'without a content type'}`);
      }
    } else {
      const ports = (c: RunCheck) => c.ports.map((p) => `${p.loopbackOnly ? p.address : ''}:${p.port}`).join(', ');
      if (ports(check) !== ports(twin)) differences.push(`this image ${runCheckSummary(check)}; the ${against} image ${runCheckSummary(twin)}`);
    }
  }
  return { against, same: differences.length === 0, differences };
}
