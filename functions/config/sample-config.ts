/**
 * The sample config `caseflow config init` writes: every section a deployment needs, explained in
 * `$comment` fields (JSON has no comments; the schema ignores keys it does not know). Plans and
 * teams are left out, so the presets and the default tiers apply. A unit test keeps it valid.
 */
export const sampleConfig = {
  $comment: [
    'caseflow config: every field is explained in docs/config.md; keys named $comment are ignored.',
    'Check it:  npx caseflow config check caseflow.config.json',
    'Run it:    CASEFLOW_CONFIG=caseflow.config.json npm start',
    'Deploy it: npx cdk deploy -c configFile=caseflow.config.json',
    'Without "plans", every preset is known by name (COMMUNITY, EMAIL, START, STANDARD, PREMIUM,',
    'ENTERPRISE, RAPID-24x7, SAAS-SLA); a plan of your own goes under "plans". Without "teams", the',
    'default tiers apply (L1, L2_BILLING, L2_DATACENTER, L3_SYSADMIN, MANAGEMENT on your domain).',
  ],
  domain: 'support.example.com',
  supportAddresses: [
    {
      $comment: 'purpose: general | sev1 (the Sev-1 hotline) | billing; team: where its cases start',
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
  ],
  customers: [
    {
      $comment: 'plan: a preset by name or a key of "plans"; designated contacts get its guarantees',
      id: 'globex',
      name: 'Globex S.A.',
      domains: ['globex.example'],
      plan: 'ENTERPRISE',
      contacts: [{ email: 'ops@globex.example', name: 'Globex Operations', phone: '+48 600 300 400' }],
    },
  ],
  oncall: {
    $comment:
      'people can be paged (sms in E.164 adds a text message); a rotation hands off daily or weekly at a local time; the policy pages its levels in order, then management',
    management: ['management@support.example.com'],
    people: {
      ala: { name: 'Ala Kowalska', email: 'ala@support.example.com', sms: '+48600100200' },
      bartek: { name: 'Bartek Nowicki', email: 'bartek@support.example.com' },
    },
    rotations: [
      {
        id: 'ops',
        timeZone: 'Europe/Warsaw',
        handoffAt: '09:00',
        every: 'weekly',
        start: '2026-01-05',
        members: ['ala', 'bartek'],
      },
    ],
    policy: {
      levels: [
        { name: 'on call', target: { rotation: 'ops' }, ackTimeoutMinutes: 5 },
        { name: 'L3', target: { team: 'L3_SYSADMIN' }, ackTimeoutMinutes: 5 },
      ],
      repeat: 1,
    },
  },
  outageKeywords: ['outage', 'is down', 'not working', 'awaria', 'nie dziala'],
};

/** The sample as the file `caseflow config init` writes. */
export function sampleConfigText(): string {
  return `${JSON.stringify(sampleConfig, null, 2)}\n`;
}
