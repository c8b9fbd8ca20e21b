import { describe, expect, it } from 'vitest';
import { config } from '../../../functions/config.js';
import { http, startApi } from '../../fixtures/stack.js';

/**
 * The crash tests SIGKILL the real server mid-load and check what the table holds at that moment. That
 * only means something if the kill stops the server: requests in flight die, its stream poller stops
 * projecting. (Through tsx's CLI the kill hit the CLI alone and the server ran on as an orphan, still
 * answering and projecting while the test read the table.)
 */
describe('a killed API process', () => {
  it('answers nothing after kill(): the server itself died, not a wrapper around it', async () => {
    const api = await startApi({
      DYNAMODB_ENDPOINT: config().dynamodbEndpoint!,
      TABLE_NAME: config().tableName,
      SEED: 'none',
    });
    expect((await http(api.url, 'GET', '/api/health')).status).toBe(200);
    await api.kill();
    expect(api.child.signalCode).toBe('SIGKILL');
    // The port refuses: no process of this server is left to answer (status 0 = connection failed).
    expect((await http(api.url, 'GET', '/api/health')).status).toBe(0);
  });
});
