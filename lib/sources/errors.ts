import { UserFacingError } from '@/lib/errors';

// Both errors carry a message written for the person who submitted the source;
// run-analysis.ts shows them as they are (they are user-facing errors).

/** The source could not be fetched or unpacked, or broke a limit while it was. */
export class SourceFetchError extends UserFacingError {}

/** The source is refused before anything is fetched (a URL form or a host this server does not reach). */
export class SourceRejectedError extends UserFacingError {}
