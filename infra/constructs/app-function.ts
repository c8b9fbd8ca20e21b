import { spawnSync } from 'node:child_process';
import { AssetHashType, DockerImage, Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { fromRoot, projectRoot } from '../paths.js';

export interface AppFunctionProps {
  /** Entry file, relative to the repository root. */
  entry: string;
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  description?: string;
  /** Where asynchronous invocations (schedules, events) go after Lambda's retries fail. */
  deadLetterQueue?: IQueue;
}

/**
 * A Node.js Lambda built the one way this project builds them: `scripts/bundle-lambda.mjs` (local
 * esbuild, no Docker; ESM, minified with source maps, the AWS SDK bundled in (faster cold start, pinned version), zod's locales cut to
 * English, zod's JSON Schema code and the OpenAPI generator left out with the document built beside the
 * code — plugins, which NodejsFunction cannot take), arm64, X-Ray active, logs kept 3 months.
 * `npm run bench` measures the very same bundle.
 */
export class AppFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', { retention: RetentionDays.THREE_MONTHS });
    // Own role instead of AWSLambdaBasicExecutionRole: logs go to this one log group only.
    this.role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);
    const entry = fromRoot(props.entry);
    this.fn = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(projectRoot, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never used: local bundling always succeeds or throws.
          image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22'),
          local: {
            tryBundle(outputDir: string) {
              const r = spawnSync(process.execPath, [fromRoot('scripts/bundle-lambda.mjs'), entry, outputDir], {
                stdio: 'inherit',
                cwd: projectRoot,
              });
              if (r.status !== 0) throw new Error(`bundling ${props.entry} failed`);
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      description: props.description,
      tracing: Tracing.ACTIVE,
      logGroup,
      role: this.role,
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        // Powertools (functions/observability): the service dimension of metrics and logs; 1 % of invocations log at debug.
        POWERTOOLS_SERVICE_NAME: 'community-points',
        POWERTOOLS_LOGGER_SAMPLE_RATE: '0.01',
        ...props.environment,
      },
    });
  }
}
