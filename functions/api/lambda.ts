import { handle } from 'hono/aws-lambda';
import { instrumented } from '../observability/lambda.js';
import { createApp } from './app.js';

/** The Lambda entry: the same app, adapted to API Gateway events, with Powertools' context, metrics and trace. */
export const handler = instrumented('api', handle(createApp()));
