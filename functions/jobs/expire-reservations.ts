import { log } from '../api/log.js';

/**
 * Scheduled every 15 minutes by EventBridge: releases reservations past their expiry.
 * Placeholder so the CDK stack has an entry to bundle — replaced by the rewards issue.
 */
export const handler = async (): Promise<{ expired: number }> => {
  log('info', 'expire-reservations', { expired: 0 });
  return { expired: 0 };
};
