import { defaultTeams, planPresets } from './plan-presets';
import type { ConfigInput } from './schema';

/** The built-in demo configuration `npm start` runs with when CASEFLOW_CONFIG is not set. */
export const demoConfig = {
  domain: 'support.example.com',
  supportAddresses: [
    {
      address: 'support@support.example.com',
      purpose: 'general',
      team: 'L1',
      displayName: 'Example Support',
    },
    {
      address: 'sev1@support.example.com',
      purpose: 'sev1',
      team: 'L1',
      displayName: 'Example Sev-1 Hotline',
    },
    {
      address: 'billing@support.example.com',
      purpose: 'billing',
      team: 'L2_BILLING',
      displayName: 'Example Billing',
    },
  ],
  plans: planPresets,
  customers: [
    {
      id: 'acme',
      name: 'Acme Sp. z o.o.',
      domains: ['acme.example'],
      plan: 'STANDARD',
      contacts: [{ email: 'anna.nowak@acme.example', name: 'Anna Nowak', phone: '+48 600 100 200' }],
    },
    {
      id: 'globex',
      name: 'Globex S.A.',
      domains: ['globex.example'],
      plan: 'ENTERPRISE',
      contacts: [{ email: 'ops@globex.example', name: 'Globex Operations', phone: '+48 600 300 400' }],
    },
  ],
  oncall: {
    escalation: [
      { name: 'primary', email: 'oncall-primary@support.example.com', afterMinutes: 0 },
      { name: 'secondary', email: 'oncall-secondary@support.example.com', afterMinutes: 5 },
      { name: 'lead', email: 'support-lead@support.example.com', afterMinutes: 10 },
    ],
    management: ['management@support.example.com'],
    // A roster to try the on-call commands on (docs/oncall.md). The pager follows `escalation`
    // above, since the demo has no `policy`; a policy level `{ "rotation": "ops" }` would page it.
    people: {
      ala: { name: 'Ala Kowalska', email: 'ala@support.example.com' },
      bartek: { name: 'Bartek Nowicki', email: 'bartek@support.example.com' },
      celina: { name: 'Celina Wrona', email: 'celina@support.example.com' },
    },
    rotations: [
      {
        id: 'ops',
        name: 'operations',
        timeZone: 'Europe/Warsaw',
        handoffAt: '09:00',
        every: 'daily',
        start: '2026-01-05',
        members: ['ala', 'bartek'],
      },
    ],
  },
  teams: defaultTeams('support.example.com'),
  // Message rules (R-BOX-7, docs/config.md): invoices are filed and labelled; triage keeps the team.
  messageRules: [
    {
      name: 'invoices',
      match: { subject: { regex: '\\b(faktur\\w*|invoices?)\\b' } },
      set: { folder: 'Invoices', labels: ['invoice'] },
    },
  ],
  outageKeywords: [
    'outage',
    'is down',
    'are down',
    'not working',
    'unavailable',
    'cannot connect',
    'all requests fail',
    'awaria',
    'nie dziala',
    'niedostepn',
    'nie odpowiada',
    'lezy',
  ],
} satisfies ConfigInput;
