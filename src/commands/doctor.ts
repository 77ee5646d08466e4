import type { Command } from 'commander';
import { valueOption } from './options.js';
import type { RunAction } from './run-action.js';

/** `awsarch doctor`: who and where awsarch acts, one line per check; exit 1 when a required check fails. */
export function registerDoctorCommand(program: Command, runAction: RunAction): void {
  program
    .command('doctor')
    .description(
      'check who and where awsarch acts: identity, account, organization access, the access role in a member ' +
        'account, Region, endpoint reachability and latency, sandbox state (reads only; exit 1 when a required check fails)',
    )
    .addOption(
      valueOption(
        '--account <id|name>',
        'the member account to try the access role (--access-role) in (default: the first active member by name)',
      ),
    )
    .addHelpText(
      'after',
      `
Each line is ✓ (ok), ! (worth knowing; awsarch still works) or ✗ (failed, with the reason and what to do).

Examples:
  $ awsarch doctor
  $ awsarch --profile prod --region eu-west-1 doctor --account Dev
  $ awsarch --sandbox doctor
  $ awsarch --output json doctor | jq '.checks[] | select(.status == "failed")'`,
    )
    .action(async (opts: { account?: string }, command: Command) =>
      runAction(command, {
        run: async (ctx) => {
          const { runDoctor } = await import('../doctor/run-doctor.js');
          const { doctorOutcome } = await import('../doctor/report.js');
          const { doctorView } = await import('../ui/views/doctor.js');
          const { toDocument } = await import('../documents/document.js');
          const report = await runDoctor(ctx, { account: opts.account });
          return { data: toDocument('doctor', report), human: doctorView(report), outcome: doctorOutcome(report) };
        },
      }),
    );
}
