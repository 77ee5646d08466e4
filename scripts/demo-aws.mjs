// Shared by the demo's scripted steps: SDK clients against the demo's sandbox, as the management account
// or as a role assumed in a member account.
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { attachSandbox, SANDBOX_CREDENTIALS } from '@awsarch/aws-sandbox';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Attaches to the sandbox of AWSARCH_SANDBOX_DIR; call close() when done. */
export async function openDemoSandbox() {
  const sandbox = await attachSandbox({ stateDir: process.env.AWSARCH_SANDBOX_DIR ?? '.awsarch/sandbox' });
  const config = (credentials = SANDBOX_CREDENTIALS) => ({
    endpoint: sandbox.endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  const sts = new STSClient(config());
  return {
    config,
    /** The id of the member account with this name. */
    async accountId(name) {
      const { Accounts = [] } = await new OrganizationsClient(config()).send(new ListAccountsCommand({}));
      const account = Accounts.find((candidate) => candidate.Name === name);
      if (!account) throw new Error(`no account named ${name}; run the earlier demo steps first`);
      return account.Id;
    },
    /** Credentials of a role, retried while a new role propagates (IAM is eventually consistent). */
    async assume(roleArn, sessionName) {
      for (let attempt = 0; ; attempt++) {
        try {
          const { Credentials } = await sts.send(
            new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }),
          );
          return {
            accessKeyId: Credentials.AccessKeyId,
            secretAccessKey: Credentials.SecretAccessKey,
            sessionToken: Credentials.SessionToken,
          };
        } catch (error) {
          if (error.name !== 'AccessDenied' || attempt >= 40) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    /** Prints the outcome of a call that a service control policy should deny; exit code 0 only when it was. */
    async expectScpDenial(call) {
      try {
        await call();
        process.stdout.write('allowed: the SCP did not stop it\n');
        process.exitCode = 1;
      } catch (error) {
        process.stdout.write(`${error.name} (HTTP ${error.$metadata?.httpStatusCode}): ${error.message}\n`);
        process.exitCode = /service control policy/.test(error.message) ? 0 : 1;
      }
    },
    close: () => (sandbox.reused ? Promise.resolve() : sandbox.close()),
  };
}
