import { z } from 'zod';
import { count, documentSchema, isoTime } from './common.js';

export const errorDocument = documentSchema(
  'error',
  {
    title: 'awsarch error',
    description:
      'What any command prints instead of its document when it fails before it has a result (exit code 1, 2, 4, ' +
      '5, or 130 after Ctrl-C); with a stream (--watch, failover-test), as its last line.',
  },
  {
    error: z.object({
      code: z.string().describe('stable error code, e.g. bad-email, aws-access-denied, scp-guardrail'),
      message: z.string().describe('what went wrong, for people'),
      hint: z.string().optional().describe('what to do about it'),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('structured facts about this error, e.g. the AWS error name and request id'),
    }),
  },
);

const base = { time: isoTime };
const taskStatus = z
  .enum(['running', 'succeeded', 'skipped', 'failed', 'cancelled'])
  .describe('cancelled: ended by a declined confirmation or Ctrl-C (version 2), not a failure');

export const eventDocument = z
  .discriminatedUnion('type', [
    documentSchema(
      'event',
      { title: 'message', description: 'a coded message (debug messages only with --verbose)' },
      {
        ...base,
        type: z.literal('message'),
        level: z.enum(['info', 'warn', 'debug']),
        code: z.string().describe('stable message code'),
        text: z.string(),
        data: z.unknown().optional().describe("the message's structured payload"),
      },
    ),
    documentSchema(
      'event',
      { title: 'task', description: 'a task started, changed or ended' },
      {
        ...base,
        type: z.literal('task'),
        id: count.describe('the task, unique in the run'),
        parentId: count.optional().describe('the task this one is part of'),
        title: z.string().optional().describe('when the task starts'),
        status: taskStatus,
        text: z.string().optional(),
      },
    ),
    documentSchema(
      'event',
      { title: 'progress', description: "a task's progress" },
      {
        ...base,
        type: z.literal('progress'),
        id: count,
        done: z.number().nonnegative(),
        total: z.number().nonnegative(),
        text: z.string().optional(),
        etaMs: z
          .number()
          .nonnegative()
          .nullable()
          .optional()
          .describe(
            'estimated wall time left in ms (account create); null while it cannot be estimated honestly; absent ' +
              'for tasks that do not estimate',
          ),
      },
    ),
  ])
  .meta({
    title: 'awsarch --output json --verbose (stderr, one line each)',
    description: 'A progress event: with --output json --verbose, one per line on stderr (NDJSON).',
  });
