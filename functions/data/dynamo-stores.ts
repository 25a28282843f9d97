import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stores } from '../use-cases/deps';
import { DynamoAuditLog } from './audit/dynamo-audit-log';
import { CaseIndexLayout, type IndexLayoutOptions } from './case-index-layout';
import { DynamoCasePresenceStore } from './case-presence/dynamo-case-presence-store';
import { DynamoCaseRecordStore } from './case-records/dynamo-case-record-store';
import { DynamoCaseSearchStore } from './case-search/dynamo-case-search-store';
import { DynamoCaseTransactions } from './case-transactions/dynamo-case-transactions';
import { DynamoHeldMailStore } from './held-mail/dynamo-held-mail-store';
import { DynamoIncidentStore } from './incidents/dynamo-incident-store';
import { DynamoIntakeGuardStore } from './intake-guards/dynamo-intake-guard-store';
import { DynamoIntakeReads } from './intake-reads/dynamo-intake-reads';
import { DynamoCaseFilingStore } from './labels/dynamo-case-filing-store';
import { DynamoFilingCatalogue } from './labels/dynamo-filing-catalogue';
import { DynamoMailSettingsStore } from './mail-settings/dynamo-mail-settings-store';
import { DynamoMonthlyCaseCounts } from './monthly-case-counts/dynamo-monthly-case-counts';
import { DynamoNoticeLedger } from './notice-ledger/dynamo-notice-ledger';
import { DynamoOutageStore } from './outages/dynamo-outage-store';
import { DynamoPagingStore } from './paging/dynamo-paging-store';
import { DynamoReplyTemplateStore } from './reply-templates/dynamo-reply-template-store';
import { DynamoReportAggregateStore } from './report-aggregates/dynamo-report-aggregate-store';
import { DynamoRosterOverrideStore } from './roster-overrides/dynamo-roster-override-store';
import { SingleTable } from './single-table';
import { DynamoSlaClockStore } from './sla-clock/dynamo-sla-clock-store';
import { DynamoStaffStore } from './staff/dynamo-staff-store';
import { DynamoWorkLogStore } from './work-log/dynamo-work-log-store';

/**
 * Every store on the one table (DynamoDB on AWS, DynamoDB Local for `npm start` and the tests:
 * there is no other implementation).
 */
export function dynamoStores(
  client: DynamoDBClient,
  tableName: string,
  layoutOptions: IndexLayoutOptions = {}
): Stores {
  const table = new SingleTable(client, tableName);
  const layout = new CaseIndexLayout(table, layoutOptions);
  return {
    cases: new DynamoCaseRecordStore(table, layout),
    caseTransactions: new DynamoCaseTransactions(table, layout),
    intakeGuards: new DynamoIntakeGuardStore(table),
    intakeReads: new DynamoIntakeReads(table),
    paging: new DynamoPagingStore(table, layout),
    incidents: new DynamoIncidentStore(table),
    slaClocks: new DynamoSlaClockStore(table, layout),
    rosterOverrides: new DynamoRosterOverrideStore(table),
    held: new DynamoHeldMailStore(table),
    notices: new DynamoNoticeLedger(table),
    staff: new DynamoStaffStore(table),
    audit: new DynamoAuditLog(table),
    presence: new DynamoCasePresenceStore(table),
    templates: new DynamoReplyTemplateStore(table),
    search: new DynamoCaseSearchStore(table),
    outages: new DynamoOutageStore(table),
    workLog: new DynamoWorkLogStore(table),
    monthlyCaseCounts: new DynamoMonthlyCaseCounts(table),
    filingCatalogue: new DynamoFilingCatalogue(table),
    filing: new DynamoCaseFilingStore(table),
    mailSettings: new DynamoMailSettingsStore(table),
    reports: new DynamoReportAggregateStore(table),
  };
}
