/**
 * Modes of everything the sandbox writes: its state holds account data (and what identifies issued
 * credentials), so only the user running it may read it. Directories it creates are private too.
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;
