import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A short id for URLs: 14 characters, 70 bits. */
export function newAnalysisId(): string {
  const bytes = randomBytes(14);
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** The secret part of a share link: 32 random bytes (256 bits), base64url. */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A repository's id: the same form as an analysis's. */
export const newRepositoryId = newAnalysisId;
