import { newId } from '../../shared/ids.js';
import { nowIso } from '../clock.js';
import { config } from '../config.js';
import { putOutbox } from '../db/otp.js';
import { publishSms } from '../db/sns.js';

/** Sends texts: sign-in codes and notices. Locally an outbox (read at /api/dev/outbox); in the cloud SNS. */
export interface SmsSender {
  sendCode(phone: string, code: string, text: string): Promise<void>;
  /** A notice's text (no code: the outbox keeps `code` empty). */
  sendText(phone: string, text: string): Promise<void>;
}

export const outboxSender: SmsSender = {
  async sendCode(phone, code, text) {
    await putOutbox(newId(), { phone, code, text, sentAt: nowIso() });
  },
  async sendText(phone, text) {
    await putOutbox(newId(), { phone, code: '', text, sentAt: nowIso() });
  },
};

export const snsSender: SmsSender = {
  async sendCode(phone, _code, text) {
    await publishSms(`+86${phone}`, text);
  },
  async sendText(phone, text) {
    await publishSms(`+86${phone}`, text);
  },
};

let override: SmsSender | undefined;
export const smsSender = (): SmsSender => override ?? (config().appEnv === 'cloud' ? snsSender : outboxSender);
export const setSmsSender = (s: SmsSender | undefined): void => {
  override = s;
};

/** Local only: the texts that would have been sent (the sign-in page reads its code here). */
export { listOutbox } from '../db/otp.js';
