import { config } from '../config.js';

type Client = import('@aws-sdk/client-sns').SNSClient;
let client: Client | undefined;

/** Sends one text message through SNS (cloud SMS sender); the SDK client loads on the first text. */
export async function publishSms(e164: string, text: string): Promise<void> {
  const sns = await import('@aws-sdk/client-sns');
  client ??= new sns.SNSClient({ region: config().region });
  await client.send(
    new sns.PublishCommand({
      PhoneNumber: e164,
      Message: text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    }),
  );
}
