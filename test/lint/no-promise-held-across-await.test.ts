import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/run-binary.js';

// Each snippet is linted as the one file of a small project, so the type-aware rule gets its types quickly.
const FILE = `${ROOT}/test/lint/fixtures/held-promise.ts`;
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    files: ['test/lint/fixtures/*.ts'],
    languageOptions: {
      parserOptions: {
        project: './test/lint/fixtures/tsconfig.json',
        tsconfigRootDir: ROOT,
        // With CI=true typescript-eslint would build one program from the files on disk and type the fixture's
        // placeholder instead of each snippet given to lintText: the rule would see no promise at all.
        disallowAutomaticSingleRunInference: true,
      },
    },
  },
});

async function problems(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: FILE });
  const fatal = (result?.messages ?? []).find((message) => message.fatal);
  if (fatal) throw new Error(`the snippet was not linted: ${fatal.message}`);
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'awsarch/no-promise-held-across-await')
    .map((message) => `${message.line}:${message.column}`);
}

const prelude = `
declare function read(): Promise<number>;
declare function write(): Promise<void>;
`;

describe('lint rule awsarch/no-promise-held-across-await', () => {
  it.each([
    [
      'a promise created, then another await, then awaited',
      `export async function f() {\n  const pending = read();\n  await write();\n  return await pending;\n}`,
      ['5:9'],
    ],
    [
      'a read-ahead in a loop, awaited on the next turn after other awaits',
      `export async function f() {\n  let next = read();\n  for (;;) {\n    const value = await next;\n    next = read();\n    await write();\n    if (value) return;\n  }\n}`,
      ['8:5'],
    ],
  ])('reports %s', async (_name, body, expected) => {
    expect(await problems(prelude + body)).toEqual(expected);
  });

  it.each([
    [
      'awaited together',
      `export async function f() {\n  const [a] = await Promise.all([read(), write()]);\n  return a;\n}`,
    ],
    [
      'handled at once and awaited later',
      `export async function f() {\n  const pending = read();\n  pending.catch(() => undefined);\n  await write();\n  return await pending;\n}`,
    ],
    [
      'awaited in the expression that reads it',
      `export async function f() {\n  const pending = read();\n  return await pending.then((n) => n + 1);\n}`,
    ],
    [
      'a promise that cannot reject',
      `export async function f() {\n  const done = new Promise<void>((resolve) => setTimeout(resolve, 1));\n  await write();\n  await done;\n}`,
    ],
    [
      'a value, not a promise',
      `export async function f() {\n  const n = await read();\n  await write();\n  return n;\n}`,
    ],
  ])('accepts %s', async (_name, body) => {
    expect(await problems(prelude + body)).toEqual([]);
  });
});
