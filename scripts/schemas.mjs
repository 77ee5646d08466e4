#!/usr/bin/env node
// `npm run schemas`: writes schemas/<kind>.schema.json from the zod schemas in src/documents/schemas/ (through
// the build in dist/), and the table of documents in the README. test/documents/schemas.test.ts fails when
// either is out of date, so a change to a document's shape shows up as a diff of its published schema.
import { readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { publishedSchemaFiles, documentTableMarkdown } = await import(join(root, 'dist', 'documents', 'json-schema.js'));

const dir = join(root, 'schemas');
mkdirSync(dir, { recursive: true });
/** Writes a file as `npm run format` would leave it, so that the format check stays green. */
async function writeFormatted(path, text) {
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(text, { ...options, filepath: path }));
}

const files = publishedSchemaFiles();
for (const name of readdirSync(dir)) if (name.endsWith('.schema.json') && !files.has(name)) rmSync(join(dir, name));
for (const [name, text] of files) await writeFormatted(join(dir, name), text);

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- documents:start -->';
const end = '<!-- documents:end -->';
const from = readme.indexOf(start);
const to = readme.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} section`);
await writeFormatted(
  readmePath,
  `${readme.slice(0, from + start.length)}\n${documentTableMarkdown()}\n${readme.slice(to)}`,
);
process.stdout.write(`wrote ${files.size} schemas to schemas/ and the table of documents to README.md\n`);
