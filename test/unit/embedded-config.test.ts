import { afterEach, describe, expect, it } from 'vitest';
import { demoConfig } from '../../functions/config/demo-config';
import { embeddableConfig, embeddedConfig } from '../../functions/config/embedded';
import { parseConfig } from '../../functions/config/load';
import { sampleConfig } from '../../functions/config/sample-config';

/** esbuild's `define` makes this a constant in a bundle; unbundled, the global stands in for it. */
const global = globalThis as { CASEFLOW_EMBEDDED_CONFIG?: string };

describe('the config compiled into a Lambda bundle', () => {
  afterEach(() => {
    delete global.CASEFLOW_EMBEDDED_CONFIG;
  });

  it.each([
    ['demo', demoConfig],
    ['sample', sampleConfig],
  ])('is what the schema makes of it again (the %s config), so a function need not parse it', (_, input) => {
    const embedded = JSON.parse(embeddableConfig(parseConfig(input, 'synth')));
    expect(parseConfig(embedded, 'at run time')).toEqual(embedded);
  });

  it('is read back as synth embedded it', () => {
    const config = parseConfig(demoConfig, 'synth');
    global.CASEFLOW_EMBEDDED_CONFIG = embeddableConfig(config);
    expect(embeddedConfig()).toEqual(JSON.parse(JSON.stringify(config)));
  });

  it('is missing from a bundle built without it: a clear error, not the demo config', () => {
    expect(() => embeddedConfig()).toThrow(/built without its deployment config/);
  });
});
