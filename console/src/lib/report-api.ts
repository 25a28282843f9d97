import { api } from './api';
import type { AgentReport, SlaReport } from './reports';

/** A month's SLA compliance and agent statistics, as the signed-in user (docs/reports.md). */
export const slaReport = (month: string) => api<SlaReport>(`/reports/sla?month=${month}`);
export const agentReport = (month: string) => api<AgentReport>(`/reports/agents?month=${month}`);
