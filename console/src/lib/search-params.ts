/** What the search screen's address holds: the query and each filter (empty ones left out). */
export interface SearchParams {
  q?: string;
  status?: string;
  team?: string;
  severity?: string;
  assignee?: string;
  label?: string;
  from?: string;
  to?: string;
  /** A customer's id (the customer panel's "all cases" link). */
  customer?: string;
}

export const SEARCH_KEYS = ['q', 'status', 'team', 'severity', 'assignee', 'label', 'from', 'to', 'customer'] as const;
