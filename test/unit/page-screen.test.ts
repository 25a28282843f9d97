import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { escalationSteps } from '../../functions/config/oncall';
import type { CaseRecord, MessageRecord, Page, TimelineEntry } from '../../functions/domain/case';
import {
  laterLevelPaged,
  type PageScreenInput,
  pageScreen,
  telUri,
  trimWords,
} from '../../functions/domain/page-screen';
import { newSev1State } from '../../functions/domain/sev1';
import { formatCountdown } from '../../functions/domain/time-format';
import { COUNTDOWN_SCRIPT } from '../../functions/http/page-script';
import { pageView } from '../../functions/http/page-views';
import { testConfig } from '../support/harness';

/** The demo chain: primary at 0, secondary at +5, lead at +10 minutes; callback due at +15. */
const config = testConfig();
const steps = escalationSteps(config);
const received = '2026-11-20T10:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(received) + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();
const PRIMARY = 'oncall-primary@support.example.com';
const SECONDARY = 'oncall-secondary@support.example.com';
const LEAD = 'support-lead@support.example.com';

const paged = (level: number, recipient: string, minutes: number) => ({
  [String(level)]: { pageId: `p${level}`, recipient, createdAt: iso(minutes), sentAt: iso(minutes) },
});
const sent = (pageId: string, minutes: number, channels = 'email'): TimelineEntry => ({
  at: iso(minutes),
  type: 'page.sent',
  summary: 'paged',
  actor: 'caseflow',
  data: { pageId, channels },
});

type Sev1Patch = Partial<NonNullable<CaseRecord['sev1']>>;

/** A Sev-1 case whose primary was paged at receipt; `pages` adds the pages after it. */
function sev1Case(sev1: Sev1Patch, status: CaseRecord['status'] = 'OPEN', pages: Sev1Patch['pages'] = {}) {
  return {
    id: 'c1',
    reference: 'CF-1042',
    subject: 'API down',
    status,
    plan: 'ENTERPRISE',
    customerName: 'Globex',
    requester: { email: 'ops@globex.example', name: 'Globex Operations', phone: '+48 600 300 400' },
    receivedAt: received,
    sev1: { ...newSev1State(received, 15), pages: { ...paged(0, PRIMARY, 0), ...pages }, ...sev1 },
  } as CaseRecord;
}

const primaryPage: Page = {
  pageId: 'p0',
  caseId: 'c1',
  level: 0,
  levelName: 'primary',
  recipient: PRIMARY,
  createdAt: iso(0),
  sentAt: iso(0),
  expiresAt: iso(24 * 60),
};

const firstMail: MessageRecord = {
  id: 'm1',
  caseId: 'c1',
  direction: 'INBOUND',
  messageId: '<m1@globex.example>',
  from: 'ops@globex.example',
  to: ['sev1@support.example.com'],
  subject: 'API down',
  text: 'All API calls fail since 09:55.\r\n\r\n\r\n\r\nPlease call us.',
  at: received,
  kind: 'customer',
};

function screen(c: CaseRecord, minutes: number, patch: Partial<PageScreenInput> = {}) {
  return pageScreen({
    c,
    page: primaryPage,
    messages: [firstMail],
    timeline: [sent('p0', 0, 'email,sms')],
    steps,
    people: config.oncall.people,
    now: at(minutes),
    ...patch,
  });
}

describe('the page screen: what the on-call engineer is shown', () => {
  it('opened in time: the acknowledge stage, countdowns to the deadline and the next level, the chain so far', () => {
    const s = screen(sev1Case({}), 2);
    expect(s.stage).toBe('to-acknowledge');
    expect(s.late).toBeNull();
    expect(s.countdowns).toEqual([
      { kind: 'callback', label: 'Call the customer back by', at: iso(15), passed: false },
      { kind: 'escalation', label: 'Next escalation: secondary', at: iso(5), passed: false },
    ]);
    expect(s.chain).toEqual([
      {
        pageId: 'p0',
        level: 'primary',
        who: PRIMARY,
        email: PRIMARY,
        at: iso(0),
        status: 'sent',
        channels: ['email', 'sms'],
        failed: [],
        acknowledgedAt: null,
        thisPage: true,
      },
      expect.objectContaining({
        pageId: null,
        level: 'secondary',
        email: SECONDARY,
        status: 'upcoming',
        at: iso(5),
      }),
    ]);
    expect(s.customer).toMatchObject({ contact: 'Globex Operations', tel: 'tel:+48600300400' });
    expect(s.words).toEqual({
      text: 'All API calls fail since 09:55.\n\nPlease call us.',
      trimmed: false,
      at: received,
    });
    expect(s.consolePath).toBe('/cases/CF-1042');
  });

  it('opened after the deadline: late, with who was paged since and when management was told', () => {
    const c = sev1Case({ breachedAt: iso(15) }, 'OPEN', { ...paged(1, SECONDARY, 5), ...paged(2, LEAD, 10) });
    const timeline = [
      sent('p0', 0),
      sent('p1', 5),
      sent('p2', 10),
      { at: iso(15), type: 'management.notified', summary: 'told', actor: 'caseflow' } as TimelineEntry,
    ];
    const s = screen(c, 17, { timeline });
    expect(s.stage).toBe('moved-on');
    expect(s.late).toEqual({
      deadlinePassed: true,
      dueAt: iso(15),
      movedOn: true,
      pagedSince: [
        { level: 'secondary', who: SECONDARY, at: iso(5) },
        { level: 'lead', who: LEAD, at: iso(10) },
      ],
      managementToldAt: iso(15),
    });
    expect(s.countdowns).toEqual([expect.objectContaining({ kind: 'callback', passed: true })]);
    expect(s.escalationNote).toMatch(/Every level of the chain has been paged/);
  });

  it('moved on before the deadline: late, but the deadline has not passed and management was not told', () => {
    const s = screen(sev1Case({}, 'OPEN', paged(1, SECONDARY, 5)), 6);
    expect(s.stage).toBe('moved-on');
    expect(s.late).toMatchObject({ deadlinePassed: false, movedOn: true, managementToldAt: null });
    expect(s.countdowns.map((c) => c.label)).toEqual(['Call the customer back by', 'Next escalation: lead']);
  });

  it('a re-page (a slot) never counts as moved on, as the acknowledgement itself decides', () => {
    const c = sev1Case({}, 'OPEN', paged(1, SECONDARY, 5));
    expect(laterLevelPaged(c.sev1!, primaryPage)).toMatchObject({ level: 1, recipient: SECONDARY });
    expect(laterLevelPaged(c.sev1!, { ...primaryPage, slot: 'overdue-ack' })).toBeUndefined();
    expect(laterLevelPaged(c.sev1!, { ...primaryPage, level: 1 })).toBeUndefined();
  });

  it('acknowledged through this page: the call stage; escalation stopped; the acknowledging page is marked', () => {
    const c = sev1Case({ acknowledgedAt: iso(2), acknowledgedBy: PRIMARY });
    const timeline = [
      sent('p0', 0),
      { at: iso(2), type: 'page.acknowledged', summary: 'ack', actor: PRIMARY, data: { pageId: 'p0' } },
    ] as TimelineEntry[];
    const s = screen(c, 3, { timeline });
    expect(s.stage).toBe('yours');
    expect(s.late).toBeNull();
    expect(s.acknowledged).toEqual({ by: PRIMARY, at: iso(2) });
    expect(s.countdowns.map((x) => x.kind)).toEqual(['callback']);
    expect(s.escalationNote).toMatch(/paged again/);
    expect(s.chain).toHaveLength(1);
    expect(s.chain[0]?.acknowledgedAt).toBe(iso(2));
  });

  it('acknowledged late and still not called back after the deadline: the banner stays until the callback', () => {
    const c = sev1Case(
      { breachedAt: iso(15), acknowledgedAt: iso(16), acknowledgedBy: PRIMARY },
      'OPEN',
      paged(1, SECONDARY, 5)
    );
    const s = screen(c, 17);
    expect(s.stage).toBe('yours');
    expect(s.late).toMatchObject({ deadlinePassed: true, movedOn: false });
  });

  it('acknowledged by someone else, called back, closed', () => {
    expect(screen(sev1Case({ acknowledgedAt: iso(2), acknowledgedBy: SECONDARY }), 3).stage).toBe(
      'someone-else'
    );
    const called = screen(
      sev1Case({
        acknowledgedAt: iso(2),
        acknowledgedBy: PRIMARY,
        calledBackAt: iso(8),
        calledBackBy: PRIMARY,
        nextUpdateDueAt: iso(68),
      }),
      20
    );
    expect(called.stage).toBe('called-back');
    expect(called.late).toBeNull();
    expect(called.countdowns).toEqual([
      { kind: 'update', label: 'Next customer update due', at: iso(68), passed: false },
    ]);
    const closed = screen(sev1Case({}, 'RESOLVED'), 30);
    expect(closed.stage).toBe('closed');
    expect(closed.countdowns).toEqual([]);
    expect(closed.late).toBeNull();
  });

  it('notification status per page: what each channel did, nobody on call, still sending', () => {
    const c = sev1Case({}, 'OPEN', {
      ...paged(1, SECONDARY, 5),
      '2': { pageId: 'p2', recipient: '', createdAt: iso(10), sentAt: iso(10) },
      'overdue-ack': { pageId: 'p3', recipient: PRIMARY, createdAt: iso(15) },
    });
    const failed = (pageId: string, failedChannels?: string): TimelineEntry => ({
      at: iso(5),
      type: 'page.channel-failed',
      summary: 'failed',
      actor: 'caseflow',
      data: { pageId, ...(failedChannels ? { failedChannels } : {}) },
    });
    const rows = screen(c, 16, { timeline: [sent('p0', 0), failed('p0', 'sms'), failed('p1')] }).chain;
    expect(rows.map((r) => [r.level, r.status, r.channels, r.failed])).toEqual([
      ['primary', 'partly-sent', ['email'], ['sms']],
      ['secondary', 'not-reached', [], ['a channel']],
      ['lead', 'nobody-on-call', [], []],
      ['callback overdue: acknowledger again', 'sending', [], []],
    ]);
    expect(rows[2]?.who).toBeNull();
  });

  it('names people the roster knows', () => {
    const people = { ala: { name: 'Ala Kowalska', email: PRIMARY } };
    expect(screen(sev1Case({}), 1, { people }).chain[0]).toMatchObject({
      who: 'Ala Kowalska',
      email: PRIMARY,
    });
  });

  it('the customer words are their first own mail, cut at a word', () => {
    const reply = { ...firstMail, id: 'm2', text: 'Second mail', at: iso(3) };
    const ack = {
      ...firstMail,
      id: 'm0',
      direction: 'OUTBOUND' as const,
      kind: 'acknowledgement' as const,
      at: iso(-1),
    };
    expect(screen(sev1Case({}), 4, { messages: [reply, ack, firstMail] }).words?.at).toBe(received);
    expect(screen(sev1Case({}), 4, { messages: [] }).words).toBeNull();
    const long = trimWords(`${'word '.repeat(200)}end`, 50);
    expect(long).toEqual({ text: `${'word '.repeat(9)}word…`, trimmed: true });
    expect(trimWords('short').trimmed).toBe(false);
  });

  it('tel: links from numbers as people write them', () => {
    expect(telUri('+48 600 300 400')).toBe('tel:+48600300400');
    expect(telUri('(022) 555-01-02')).toBe('tel:0225550102');
    expect(telUri('n/a')).toBeNull();
    expect(telUri(null)).toBeNull();
  });
});

describe('countdown words', () => {
  const samples = [
    0,
    999,
    42_000,
    60_000,
    65_000,
    3_599_000,
    3_600_000,
    4_380_000,
    47 * 3_600_000,
    49 * 3_600_000,
  ];

  it('reads as a phone screen counts', () => {
    expect(formatCountdown(125_000)).toBe('in 2 min 05 s');
    expect(formatCountdown(-200_000)).toBe('3 min 20 s ago');
    expect(formatCountdown(4_380_000)).toBe('in 1 h 13 min');
    expect(formatCountdown(30 * 3_600_000 * 2)).toBe('in 2 d 12 h');
  });

  it('the served countdown script writes the same words as the server', () => {
    for (const ms of [...samples, ...samples.map((s) => -s - 1000)]) {
      const el = {
        textContent: '',
        getAttribute: () => new Date(1_000_000_000_000 + ms).toISOString(),
        closest: () => null,
      };
      runInNewContext(COUNTDOWN_SCRIPT, {
        document: {
          body: { getAttribute: () => '1000000000000' },
          querySelectorAll: () => [el],
        },
        performance: { now: () => 0 },
        Date,
        Math,
        Number,
        Array,
        setInterval: () => 0,
      });
      expect(el.textContent).toBe(formatCountdown(ms));
    }
  });
});

describe('the page screen as HTML', () => {
  const target = {
    ackAction: '/pages/p0?a',
    callbackAction: '/pages/p0/callback?a',
    takeOverAction: '/pages/p0/take-over?a',
  };
  const render = async (c: CaseRecord, minutes: number, patch: Partial<PageScreenInput> = {}) =>
    String(await pageView(screen(c, minutes, patch), target, at(minutes)));
  const buttons = (page: string) => page.match(/<button/g)?.length ?? 0;

  it('escapes the customer words and shows the phone as a tel: link', async () => {
    const hostile = { ...firstMail, text: 'Down! <script>alert(1)</script> <img src=x onerror=alert(2)>' };
    const page = await render(sev1Case({}), 1, { messages: [hostile] });
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('<a href="tel:+48600300400">+48 600 300 400</a>');
    expect(page).toContain('<a href="/cases/CF-1042">Open in console</a>');
    expect(page).toContain('data-until="2026-11-20T10:15:00.000Z"');
    expect(page).toContain('<script src="/pages/assets/countdown.js" defer></script>');
    expect(buttons(page)).toBe(1);
    expect(page).toContain(`action="${target.ackAction}"`);
  });

  it('opened late: the banner comes first, and there is one button, the late acknowledgement', async () => {
    const c = sev1Case({ breachedAt: iso(15) }, 'OPEN', { ...paged(1, SECONDARY, 5), ...paged(2, LEAD, 10) });
    const page = await render(c, 17, {
      timeline: [{ at: iso(15), type: 'management.notified', summary: 'told', actor: 'caseflow' }],
    });
    const main = page.slice(page.indexOf('<main>'));
    expect(main.indexOf('class="late"')).toBeLessThan(main.indexOf('<h1>'));
    expect(main).toMatch(/Opened late: the callback deadline passed/);
    expect(main).toMatch(/Management was told at/);
    expect(buttons(page)).toBe(1);
    expect(page).toContain(`action="${target.ackAction}"`);
    expect(page).toContain('<input type="hidden" name="late" value="1">');
    expect(page).not.toContain(`action="${target.takeOverAction}"`);
  });

  it('after a late acknowledgement: one call to make (tel:) and the confirmation, nothing else to press', async () => {
    const c = sev1Case(
      { breachedAt: iso(15), acknowledgedAt: iso(16), acknowledgedBy: PRIMARY },
      'OPEN',
      paged(1, SECONDARY, 5)
    );
    const page = await render(c, 16);
    expect(page).toContain('<a class="call" href="tel:+48600300400">Call Globex Operations now');
    expect(buttons(page)).toBe(1);
    expect(page).toContain('I have reached the customer');
    expect(page).not.toContain('Take over');
    // Still late, in one line: who was paged is in the chain below, not above the call.
    expect(page).toContain('Callback late: the callback deadline passed');
    expect(page).not.toContain('Paged since');
  });

  it('without a phone on file the call action says so and points to the console', async () => {
    const c = sev1Case({ acknowledgedAt: iso(2), acknowledgedBy: PRIMARY });
    const page = await render({ ...c, requester: { ...c.requester, phone: null } }, 3);
    expect(page).not.toContain('tel:');
    expect(page).toContain('No phone number on file');
  });
});
