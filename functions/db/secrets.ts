import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { config } from '../config.js';

let client: SecretsManagerClient | undefined;

/** A secret's string value (the cloud signing-key seed). Read once per process by the caller. */
export async function readSecret(arn: string): Promise<string> {
  client ??= new SecretsManagerClient({ region: config().region });
  const r = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!r.SecretString) throw new Error('signing secret is empty');
  return r.SecretString;
}
