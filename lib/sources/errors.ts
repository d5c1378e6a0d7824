// Both errors carry a message written for the person who submitted the source;
// run-analysis.ts shows them as they are (it matches them by name).

/** The source could not be fetched or unpacked, or broke a limit while it was. */
export class SourceFetchError extends Error {
  override name = 'SourceFetchError';
}

/** The source is refused before anything is fetched (a URL form or a host this server does not reach). */
export class SourceRejectedError extends Error {
  override name = 'SourceRejectedError';
}
