import { config } from '../config.js';

type Client = import('@aws-sdk/client-secrets-manager').SecretsManagerClient;
let client: Client | undefined;

/**
 * A secret's string value (the cloud signing-key seed). Read once per process by the caller. The SDK
 * client is imported on first use so a cold start does not pay for it before it is needed.
 */
export async function readSecret(arn: string): Promise<string> {
  const sm = await import('@aws-sdk/client-secrets-manager');
  client ??= new sm.SecretsManagerClient({ region: config().region });
  const r = await client.send(new sm.GetSecretValueCommand({ SecretId: arn }));
  if (!r.SecretString) throw new Error('signing secret is empty');
  return r.SecretString;
}
