// Next.js answers a path it cannot percent-decode (`/api/analyses/%zz`, or escapes
// that are not UTF-8) with a bare "Internal Server Error" before any handler of ours
// runs. Such a segment is taken literally instead: its `%` become `%25`, so the handler
// gets the text as it was sent and answers as it would for any unknown name (404).

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The request target (path and query) with every path segment that does not decode made literal. */
export function withLiteralPercents(target: string): string {
  const queryAt = target.indexOf('?');
  const pathname = queryAt === -1 ? target : target.slice(0, queryAt);
  if (!pathname.includes('%')) return target;
  const fixed = pathname
    .split('/')
    .map((segment) => (decodes(segment) ? segment : segment.replaceAll('%', '%25')))
    .join('/');
  return queryAt === -1 ? fixed : fixed + target.slice(queryAt);
}
