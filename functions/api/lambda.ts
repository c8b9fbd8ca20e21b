import { handle } from 'hono/aws-lambda';
import { createApp } from './app.js';

/** The Lambda entry: the same app, adapted to API Gateway events. */
export const handler = handle(createApp());
