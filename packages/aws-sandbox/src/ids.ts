import { randomBytes, randomInt } from 'node:crypto';

const LOWERCASE_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPERCASE_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DIGITS = '0123456789';

export function randomFrom(alphabet: string, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[randomInt(alphabet.length)];
  return text;
}

export const randomLowercaseAlphanumeric = (length: number): string => randomFrom(LOWERCASE_ALPHANUMERIC, length);
export const randomUppercaseAlphanumeric = (length: number): string => randomFrom(UPPERCASE_ALPHANUMERIC, length);
export const randomDigits = (length: number): string => randomFrom(DIGITS, length);
export const randomHex = (length: number): string =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
export const randomBase64 = (bytes: number): string => randomBytes(bytes).toString('base64');

/** Draws ids until one is not taken; the id spaces are large, so this ends at once in practice. */
export function uniqueId(generate: () => string, isTaken: (id: string) => boolean): string {
  for (;;) {
    const id = generate();
    if (!isTaken(id)) return id;
  }
}
