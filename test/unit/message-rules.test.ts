import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  applyMessageRules,
  type MessageRuleInput,
  MessageRuleSchema,
} from '../../functions/domain/message-rules';

const rules = (input: MessageRuleInput[]) => z.array(MessageRuleSchema).parse(input);
const mail = {
  recipients: ['support@support.example.com'],
  from: 'anna@acme.example',
  subject: 'Invoice 2026/11',
};

describe('message rules (R-BOX-7)', () => {
  it('matches recipient, sender, sender domain and subject; all conditions must hold', () => {
    const r = rules([
      {
        name: 'invoices',
        match: { subject: 'invoice', senderDomain: 'acme.example' },
        set: { folder: 'Invoices' },
      },
      { name: 'not me', match: { subject: 'invoice', sender: 'bob@acme.example' }, set: { folder: 'Bob' } },
      {
        name: 'support box',
        match: { recipient: 'SUPPORT@support.example.com' },
        set: { labels: ['inbox'] },
      },
    ]);
    expect(applyMessageRules(r, mail)).toEqual({
      folder: 'Invoices',
      team: null,
      teamRule: null,
      labels: ['inbox'],
      matched: [
        { name: 'invoices', why: 'sender domain acme.example, subject contains "invoice"' },
        { name: 'support box', why: 'recipient is "SUPPORT@support.example.com"' },
      ],
    });
  });

  it('first matching rule sets folder and team; labels add up; stop ends the list', () => {
    const r = rules([
      {
        name: 'a',
        match: { subject: { contains: 'INVOICE' } },
        set: { team: 'L2_BILLING', labels: ['billing'] },
      },
      {
        name: 'b',
        match: { subject: { regex: '^invoice \\d{4}/' } },
        set: { team: 'L1', folder: 'F', labels: ['x'] },
      },
      {
        name: 'c',
        match: { sender: { equals: 'anna@acme.example' } },
        set: { labels: ['x', 'anna'] },
        stop: true,
      },
      { name: 'd', match: { senderDomain: 'example' }, set: { labels: ['never'] } },
    ]);
    expect(applyMessageRules(r, mail)).toMatchObject({
      folder: 'F',
      team: 'L2_BILLING',
      teamRule: 'a',
      labels: ['billing', 'x', 'anna'],
      matched: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
    });
  });

  it('senderDomain covers subdomains but not lookalikes', () => {
    const r = rules([{ name: 'acme', match: { senderDomain: 'acme.example' }, set: { labels: ['acme'] } }]);
    expect(applyMessageRules(r, { ...mail, from: 'x@eu.acme.example' }).labels).toEqual(['acme']);
    expect(applyMessageRules(r, { ...mail, from: 'x@notacme.example' }).labels).toEqual([]);
  });

  it('regex flags: case-insensitive unless flags are given', () => {
    const r = rules([
      { name: 'ci', match: { subject: { regex: 'URGENT' } }, set: { labels: ['ci'] } },
      { name: 'cs', match: { subject: { regex: 'URGENT', flags: '' } }, set: { labels: ['cs'] } },
    ]);
    expect(applyMessageRules(r, { ...mail, subject: 'urgent: help' }).labels).toEqual(['ci']);
  });

  it('refuses rules that match nothing, set nothing or carry a broken regex', () => {
    expect(() => rules([{ name: 'x', match: {}, set: { folder: 'F' } }])).toThrow(/at least one condition/);
    expect(() => rules([{ name: 'x', match: { subject: 'a' }, set: {} }])).toThrow(
      /folder, a team or labels/
    );
    expect(() => rules([{ name: 'x', match: { subject: { regex: '(' } }, set: { folder: 'F' } }])).toThrow(
      /regular expression/
    );
  });
});
