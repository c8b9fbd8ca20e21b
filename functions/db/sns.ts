import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { config } from '../config.js';

let client: SNSClient | undefined;

/** Sends one text message through SNS (cloud SMS sender). */
export async function publishSms(e164: string, text: string): Promise<void> {
  client ??= new SNSClient({ region: config().region });
  await client.send(
    new PublishCommand({
      PhoneNumber: e164,
      Message: text,
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    }),
  );
}
