import { UserFacingError } from '@/lib/errors';

/**
 * A Dockerfile asks for something this instance does not allow (an image it may not
 * read, a remote source it may not fetch): the build does not start, and the message
 * says what and what to do.
 */
export class BuildRefusedError extends UserFacingError {}
