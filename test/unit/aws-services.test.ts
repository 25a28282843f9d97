import { afterEach, describe, expect, it } from 'vitest';
import { credentialsFrom, defaultProvider } from '../../functions/adapters/aws/lambda-credentials';
import { awsServices } from '../../functions/adapters/aws/services';
import { demoConfig } from '../../functions/config/demo-config';
import { embeddableConfig } from '../../functions/config/embedded';
import { parseConfig } from '../../functions/config/load';
import type { Mailer } from '../../functions/ports';

const global = globalThis as { CASEFLOW_EMBEDDED_CONFIG?: string };
const env = {
  TABLE_NAME: 'caseflow',
  EVENT_BUS_NAME: 'caseflow',
  PUBLIC_BASE_URL: 'https://cases.example.com',
};
const log = { info: () => {}, warn: () => {}, error: () => {} };

describe('a function composed of the AWS adapters it names', () => {
  afterEach(() => {
    delete global.CASEFLOW_EMBEDDED_CONFIG;
  });

  it('has the base services, the ports it was given and no other', () => {
    const config = parseConfig(demoConfig, 'synth');
    global.CASEFLOW_EMBEDDED_CONFIG = embeddableConfig(config);
    const mailer: Mailer = { send: async () => ({ messageId: '<m@x>', composedMessageId: '<c@x>' }) };

    const services = awsServices(env, log, { mailer });

    expect(services.mailer).toBe(mailer);
    expect(services.config.domain).toBe(config.domain);
    expect(services.publicBaseUrl).toBe('https://cases.example.com');
    expect(typeof services.cases.getCase).toBe('function');
    expect(typeof services.events.publish).toBe('function');
    // Not given: reaching it through a cast is a clear error, before any AWS call.
    const unwired = services as unknown as { sms: { send(): Promise<unknown> }; bucket: { get(): unknown } };
    expect(() => unwired.sms.send()).toThrow('SMS (SNS) is not configured for this function');
    expect(() => unwired.bucket.get()).toThrow('the raw mail bucket is not configured for this function');
  });
});

describe('the credentials of a Lambda bundle', () => {
  it('are the execution role’s, from the environment', async () => {
    expect(
      credentialsFrom({
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
      })
    ).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' });
    const saved = { ...process.env };
    try {
      process.env.AWS_ACCESS_KEY_ID = 'AKID2';
      process.env.AWS_SECRET_ACCESS_KEY = 'secret2';
      delete process.env.AWS_SESSION_TOKEN;
      // The SDK calls the provider with identity properties of its own; they change nothing.
      await expect(defaultProvider()()).resolves.toEqual({
        accessKeyId: 'AKID2',
        secretAccessKey: 'secret2',
      });
    } finally {
      process.env = saved;
    }
  });

  it('are a clear error where the environment has none: no other source is tried', () => {
    expect(() => credentialsFrom({ AWS_PROFILE: 'dev' })).toThrow(/no AWS credentials in the environment/);
    expect(() =>
      credentialsFrom({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9001/creds' })
    ).toThrow(/container credentials need the SDK’s whole chain/);
  });
});
