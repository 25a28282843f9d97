import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { ConfigError, parseConfig } from '../../functions/config/load';
import { defaultTeams, planPresets } from '../../functions/config/plan-presets';
import { sampleConfig } from '../../functions/config/sample-config';

const problemsOf = (input: unknown): string => {
  try {
    parseConfig(input, 'file.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('config', () => {
  it('the built-in demo config is valid and has what the tour needs', () => {
    const config = parseConfig(demoConfig, 'demo');
    expect(config.supportAddresses.map((a) => a.address)).toEqual([
      'support@support.example.com',
      'sev1@support.example.com',
      'billing@support.example.com',
    ]);
    expect(config.oncall.escalation?.map((l) => l.afterMinutes)).toEqual([0, 5, 10]);
    expect(config.plans.ENTERPRISE?.sev1Callback?.callbackMinutes).toBe(15);
  });

  it('spreads each team queue over 16 index partitions unless told otherwise (docs/scale.md)', () => {
    expect(parseConfig(demoConfig, 'demo').scale.queueShards).toBe(16);
    expect(parseConfig({ ...demoConfig, scale: { queueShards: 1 } }, 'one').scale.queueShards).toBe(1);
  });

  it('names every problem by its path', () => {
    const bad = {
      ...demoConfig,
      customers: [{ ...demoConfig.customers[0]!, plan: 'GOLD' }],
      supportAddresses: [
        { address: 'help@elsewhere.example', purpose: 'general', team: 'L1', displayName: 'x' },
      ],
    };
    expect(() => parseConfig(bad, 'file.json')).toThrow(ConfigError);
    try {
      parseConfig(bad, 'file.json');
    } catch (error) {
      expect((error as Error).message).toContain('customers.0.plan: unknown plan "GOLD"');
      expect((error as Error).message).toContain('supportAddresses.0.address');
    }
  });

  it('refuses escalation levels out of order', () => {
    const bad = {
      ...demoConfig,
      oncall: { ...demoConfig.oncall, escalation: [...(demoConfig.oncall.escalation ?? [])].reverse() },
    };
    expect(() => parseConfig(bad, 'x')).toThrow(/increasing afterMinutes/);
  });

  it('a config without teams gets the default tiers on its domain (docs/config.md)', () => {
    const { teams: _, ...withoutTeams } = demoConfig;
    const config = parseConfig({ ...withoutTeams, domain: 'support.example.com' }, 'x');
    expect(config.teams).toEqual(parseConfig(demoConfig, 'demo').teams);
    expect(Object.keys(config.teams)).toEqual(Object.keys(defaultTeams('support.example.com')));
    expect(config.teams.L1?.escalatesTo).toBe('L3_SYSADMIN');
    expect(config.teams.L3_SYSADMIN?.email).toBe('sysadmins@support.example.com');
  });

  it('presets are known by name without a plans section; a plan of that name replaces the preset', () => {
    const { plans: _, ...withoutPlans } = demoConfig;
    const config = parseConfig(withoutPlans, 'x');
    expect(Object.keys(config.plans)).toEqual(Object.keys(planPresets));
    expect(config.plans.ENTERPRISE?.sev1Callback?.callbackMinutes).toBe(15);
    const own = parseConfig(
      {
        ...withoutPlans,
        plans: { STANDARD: { ...planPresets.STANDARD, description: 'ours' }, GOLD: planPresets.PREMIUM },
        customers: [{ ...demoConfig.customers[0]!, plan: 'GOLD' }],
      },
      'x'
    );
    expect(own.plans.STANDARD?.description).toBe('ours');
    expect(own.plans.GOLD?.critical.response?.minutes).toBe(30);
  });

  it('an unknown plan is reported together with structural problems, once', () => {
    const { domain: _, ...withoutDomain } = demoConfig;
    const message = problemsOf({
      ...withoutDomain,
      customers: [{ ...demoConfig.customers[0]!, plan: 'GOLD' }],
    });
    expect(message).toContain('  - domain: ');
    expect(message).toContain('  - customers.0.plan: unknown plan "GOLD" (known: COMMUNITY, EMAIL, START');
    const alone = problemsOf({ ...demoConfig, customers: [{ ...demoConfig.customers[0]!, plan: 'GOLD' }] });
    expect(alone.match(/unknown plan/g)).toHaveLength(1);
  });

  it('the sample config (caseflow config init) is valid, with presets and default teams', () => {
    const config = parseConfig(JSON.parse(JSON.stringify(sampleConfig)), 'sample');
    expect(config.customers[0]?.plan).toBe('ENTERPRISE');
    expect(config.plans.ENTERPRISE?.sev1Callback).not.toBeNull();
    expect(Object.keys(config.teams)).toHaveLength(5);
  });
});
