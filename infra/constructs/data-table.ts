import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/db/table.js';

const attr = (a: { name: string; type: 'S' | 'N' }) => ({
  name: a.name,
  type: a.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/**
 * The single table, built from `shared/db/table.ts` — the same object the local bootstrap uses, so
 * keys, indexes and TTL never drift between DynamoDB Local and the cloud. CDK names it.
 */
export class DataTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: attr(tableDefinition.partitionKey),
      sortKey: attr(tableDefinition.sortKey),
      timeToLiveAttribute: tableDefinition.ttlAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The ledger is the money: never lose it to a stack delete or a typo.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      // The projector's source (infra/constructs/projector.ts); the view type is the one table definition's.
      stream: StreamViewType[tableDefinition.stream.viewType],
    });
    for (const ix of tableDefinition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: ix.name,
        partitionKey: attr(ix.partitionKey),
        sortKey: attr(ix.sortKey),
      });
    }
  }
}
