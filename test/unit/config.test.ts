import { describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { ConfigError, parseConfig } from '../../functions/config/load';

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
});
