import { AwsarchError, isAwsarchError } from '../core/errors.js';
import { clean, type ToolkitRecord } from './toolkit-io.js';
import { ERR } from '../core/error-codes.js';

interface ToolkitErrorLike {
  name?: string;
  message: string;
  type?: string;
  source?: 'toolkit' | 'user';
  deploymentErrorCode?: string;
  environment?: { account?: string; region?: string };
}

function asToolkitError(error: unknown): ToolkitErrorLike | undefined {
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string')
    return undefined;
  return error as ToolkitErrorLike;
}

/**
 * Turns what the CDK toolkit throws into an AwsarchError with a code, a message that says what failed,
 * and what to do: a missing bootstrap, a failed stack (with CloudFormation's reasons), credentials,
 * an app that fails to synthesize.
 */
export function toolkitErrorToAwsarch(error: unknown, doing: string, record?: ToolkitRecord): AwsarchError {
  if (isAwsarchError(error)) return error;
  const failure = asToolkitError(error);
  const message = clean(failure?.message ?? String(error));
  const firstLine = message.split('\n')[0] ?? message;
  if (
    failure?.type === 'bootstrap' ||
    /has the environment been bootstrapped|cdk bootstrap|requires a bootstrap stack|bootstrap stack version/i.test(
      message,
    )
  ) {
    const env = failure?.environment;
    const where = env?.account
      ? `aws://${env.account}/${env.region ?? '?'}`
      : (/aws:\/\/\d{12}\/[a-z0-9-]+/.exec(message)?.[0] ?? 'the target environment');
    return new AwsarchError(
      ERR.NOT_BOOTSTRAPPED,
      `${doing} failed: ${where} is not bootstrapped for the CDK (${firstLine})`,
      {
        cause: error,
        hint: 'bootstrap it once: re-run with --bootstrap (deploys the CDKToolkit stack), or run `cdk bootstrap` for that account and region',
      },
    );
  }
  if (
    failure?.type === 'deployment' ||
    /failed: .*(ROLLBACK|FAILED)|_FAILED|ROLLBACK_COMPLETE|is in .*ROLLBACK/i.test(message)
  ) {
    const reasons = [...(record?.failures.entries() ?? [])].flatMap(([stack, lines]) =>
      lines.map((line) => `${stack}: ${line}`),
    );
    return new AwsarchError(ERR.STACK_FAILED, `${doing} failed: ${firstLine}`, {
      cause: error,
      details: { reasons, deploymentErrorCode: failure?.deploymentErrorCode },
      hint: reasons.length
        ? `CloudFormation reported: ${reasons.slice(0, 3).join('; ')}`
        : 'see the stack events in the CloudFormation console, fix the cause and deploy again',
    });
  }
  if (failure?.type === 'authentication' || /credentials|ExpiredToken|security token/i.test(message)) {
    return new AwsarchError(ERR.AWS_CREDENTIALS, `${doing} failed: ${firstLine}`, {
      cause: error,
      hint: 'check your AWS credentials (--profile, AWS_PROFILE) or use --sandbox',
    });
  }
  if (failure?.type === 'assembly') {
    return new AwsarchError(ERR.SYNTH_FAILED, `${doing} failed: the CDK app did not synthesize: ${firstLine}`, {
      cause: error,
      hint: 'check the --context values; run with --verbose for the details',
    });
  }
  if (failure?.type === 'abort') {
    return new AwsarchError(ERR.DEPLOY_CANCELLED, `${doing} was cancelled: ${firstLine}`, {
      cause: error,
      hint: 'nothing was deployed; pass --yes to approve the changes',
    });
  }
  if (failure?.source === 'user')
    return new AwsarchError(ERR.DEPLOY_REFUSED, `${doing} failed: ${firstLine}`, { cause: error });
  return new AwsarchError(ERR.TOOLKIT_FAILED, `${doing} failed: ${firstLine}`, {
    cause: error,
    hint: "run again with --verbose for the toolkit's messages",
  });
}
