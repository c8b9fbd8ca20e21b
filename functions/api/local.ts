import { runLocal } from '../local/main.js';

/** `npm start`: the same app on @hono/node-server against DynamoDB Local. */
await runLocal();
