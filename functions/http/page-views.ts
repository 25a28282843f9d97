import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ChainRow, Countdown, PageScreen } from '../domain/page-screen';
import { formatCountdown, formatInstant } from '../domain/time-format';

/**
 * Server-rendered pages for on-call engineers, phone first: one screen per state, one action per
 * screen. Every value goes through hono's `html` template, which escapes it.
 */

type Body = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Where the countdown script is served (same origin, so the CSP's script-src 'self' covers it). */
export const COUNTDOWN_SCRIPT_PATH = '/pages/assets/countdown.js';

const STYLE = `
*{box-sizing:border-box}
body{font:17px/1.45 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:40rem;margin:0 auto;background:#fff;padding:1rem 1rem 2rem;min-height:100vh}
@media (min-width:44rem){main{margin:1.5rem auto;min-height:0;border-radius:8px;padding:1.5rem 2rem 2rem;box-shadow:0 1px 3px #0002}}
.tag{margin:0;font-size:.85rem;font-weight:700;color:#a31515;text-transform:uppercase;letter-spacing:.04em}
h1{font-size:1.3rem;line-height:1.3;margin:.15rem 0 .25rem;overflow-wrap:anywhere}
.subject{margin:0 0 1rem;color:#3d4554;overflow-wrap:anywhere}
h2{font-size:1.05rem;margin:1.6rem 0 .5rem}
p{margin:.5rem 0}
a{color:#0b57a4}
.late{background:#a31515;color:#fff;border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem}
.late p{margin:.25rem 0}.late ul{margin:.25rem 0;padding-left:1.2rem}
.late .left{font-weight:700}
.state{padding:.6rem .8rem;border-radius:6px;background:#e8f5e9;margin:0 0 1rem}
.warn{background:#fff3e0}
.clocks{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.5rem;margin:0 0 .5rem}
.clock{border:2px solid #d5d9e0;border-radius:8px;padding:.5rem .7rem}
.clock dt{font-size:.85rem;color:#454d5c}
.clock dd{margin:0}
.clock .left{display:block;font-size:1.2rem;font-weight:700;font-variant-numeric:tabular-nums;white-space:nowrap}
.clock time{font-size:.85rem;color:#454d5c}
.clock.passed{border-color:#a31515}.clock.passed .left{color:#a31515}
.action{margin:1rem 0}
.action label{display:block;margin:0 0 .6rem}
input{font:inherit;width:5rem;padding:.35rem .4rem;border:1px solid #8a93a3;border-radius:4px}
button,.call{display:block;width:100%;min-height:3.25rem;font:inherit;font-weight:700;padding:.8rem 1rem;border:0;border-radius:8px;text-align:center;text-decoration:none;cursor:pointer;background:#c62828;color:#fff}
.call{background:#1b5e20;font-size:1.2rem}
.call small{display:block;font-weight:400;font-size:.95rem}
button.ok{background:#fff;color:#1b5e20;border:2px solid #1b5e20}
.step{margin-top:1.25rem}
.note{color:#4a5263;font-size:.9rem}
.facts{display:grid;grid-template-columns:6.5rem 1fr;gap:.3rem .8rem;margin:0}
.facts dt{color:#4a5263}.facts dd{margin:0;overflow-wrap:anywhere}
.words{margin:0;padding:.6rem .8rem;border-left:4px solid #8a93a3;background:#f6f7f9;white-space:pre-wrap;overflow-wrap:anywhere}
.chain{list-style:none;margin:0;padding:0}
.chain li{border-top:1px solid #e1e4ea;padding:.55rem 0}
.chain li.this{border-left:4px solid #0b57a4;padding-left:.6rem}
.chain p{margin:0}
.badge{display:inline-block;font-size:.8rem;font-weight:700;padding:0 .4rem;border-radius:4px;background:#e3ecf7;color:#0b3e75}
.badge.ack{background:#e8f5e9;color:#1b5e20}.badge.bad{background:#fdecea;color:#8a1212}
.console{margin-top:1.5rem}
`;

export function layout(title: string, body: Body, clock?: { now: number }) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · caseflow</title>
<style>${raw(STYLE)}</style>
${clock ? html`<script src="${COUNTDOWN_SCRIPT_PATH}" defer></script>` : ''}
</head>
<body${clock ? html` data-now="${clock.now}"` : ''}><main>${body}</main></body>
</html>`;
}

export interface LinkTarget {
  ackAction: string;
  callbackAction: string;
  takeOverAction: string;
}

/** "in 4 min 05 s" that the script keeps counting, beside the absolute time for a page without it. */
function left(at: string, now: number) {
  return html`<span class="left" role="timer" data-until="${at}">${formatCountdown(Date.parse(at) - now)}</span>`;
}

function clock(c: Countdown, now: number) {
  return html`<div class="clock${c.passed ? ' passed' : ''}" data-clock><dt>${c.label}</dt><dd>${left(c.at, now)}<time datetime="${c.at}">${formatInstant(c.at)}</time></dd></div>`;
}

function lateBanner(s: PageScreen, now: number) {
  const late = s.late;
  if (!late) return '';
  // Before an acknowledgement the page itself was opened late; after it, the callback is.
  const label = s.acknowledged ? 'Callback late' : 'Opened late';
  const head = late.deadlinePassed
    ? html`<p><strong>${label}: the callback deadline passed ${left(late.dueAt, now)}</strong> (${formatInstant(late.dueAt)}). The customer has not been called back.</p>`
    : html`<p><strong>${label}: escalation has moved past this page.</strong></p>`;
  // Once acknowledged, the page chain below says who was paged: the banner keeps to the deadline.
  const since = s.acknowledged
    ? ''
    : late.pagedSince.length
      ? html`<p>Paged since this page:</p><ul>${late.pagedSince.map(
          (p) => html`<li>${p.level}: ${p.who}, ${formatInstant(p.at)}</li>`
        )}</ul>`
      : html`<p>Nobody else has been paged since this page.</p>`;
  const management = late.managementToldAt
    ? html`<p>Management was told at ${formatInstant(late.managementToldAt)}.</p>`
    : late.deadlinePassed
      ? html`<p>Management has not been told yet.</p>`
      : html`<p>Management has not been told; they are if the deadline passes.</p>`;
  return html`<section class="late" aria-label="${label}">${head}${since}${management}</section>`;
}

function etaField(name: 'eta' | 'nextUpdate', text: string) {
  return html`<label>${text} <input type="number" name="${name}" min="1" max="240" inputmode="numeric"> minutes <span class="note">(optional)</span></label>`;
}

function action(s: PageScreen, target: LinkTarget) {
  switch (s.stage) {
    case 'to-acknowledge':
      return html`<form class="action" method="post" action="${target.ackAction}">
${etaField('eta', "I'll call the customer within")}
<button type="submit">Acknowledge — I am on it</button>
<p class="note">One tap stops the escalation. You still have to call the customer back before the deadline.</p></form>`;
    case 'moved-on':
      // The plain acknowledge would be refused as "moved on": the one button is the late acknowledgement.
      return html`<form class="action" method="post" action="${target.ackAction}">
<input type="hidden" name="late" value="1">
${etaField('eta', "I'll call the customer within")}
<button type="submit">Acknowledge late — I will call the customer</button>
<p class="note">Acknowledging stops the escalation; the levels already paged are no longer needed.</p></form>`;
    case 'yours': {
      const call = s.customer.tel
        ? html`<a class="call" href="${s.customer.tel}">Call ${s.customer.contact} now<small>${s.customer.phone}</small></a>`
        : html`<p class="state warn">No phone number on file: write to ${s.customer.contact} from the console.</p>`;
      return html`<div class="action">${call}
<form class="step" method="post" action="${target.callbackAction}">
${etaField('nextUpdate', 'I told the customer they hear from us again within')}
<button type="submit" class="ok">I have reached the customer</button>
<p class="note">Press this once you have spoken to the customer. Until then the callback deadline still runs. If an update is late, you are paged.</p></form></div>`;
    }
    case 'someone-else':
      return html`<form class="action" method="post" action="${target.takeOverAction}">
<button type="submit">Take over — I will call the customer</button>
<p class="note">Only ${s.acknowledged?.by} confirms the callback. Take the page over if you call the customer instead.</p></form>`;
    default:
      return '';
  }
}

function headline(s: PageScreen): string {
  switch (s.stage) {
    case 'to-acknowledge':
      return `Sev-1 page: ${s.reference}`;
    case 'moved-on':
      return `Sev-1 page: ${s.reference}, not acknowledged`;
    case 'yours':
      return `Sev-1 ${s.reference}: call the customer now`;
    case 'someone-else':
      return `Sev-1 ${s.reference}: acknowledged by someone else`;
    case 'called-back':
      return `Sev-1 ${s.reference}: customer called back`;
    case 'closed':
      return `${s.reference} is no longer open`;
  }
}

function stateLine(s: PageScreen) {
  if (s.stage === 'called-back' && s.calledBack)
    return html`<p class="state">Called back by ${s.calledBack.by} at ${formatInstant(s.calledBack.at)}.${
      s.countdowns.some((c) => c.kind === 'update')
        ? ' Reply to the customer in the case before the next update is due (every reply is an update).'
        : ' Nothing more to do here.'
    }</p>`;
  if (s.stage === 'closed')
    return html`<p class="state">This case is no longer open. Nothing to do here.</p>`;
  if (s.acknowledged)
    return html`<p class="state">Acknowledged by ${s.acknowledged.by} at ${formatInstant(s.acknowledged.at)}. Escalation has stopped.</p>`;
  return html`<p class="state warn">Not acknowledged yet.</p>`;
}

function status(r: ChainRow): string {
  const channels = r.channels.join(' and ');
  const failed = r.failed.join(' and ');
  switch (r.status) {
    case 'sending':
      return 'sending';
    case 'sent':
      return channels ? `sent by ${channels}` : 'sent';
    case 'partly-sent':
      return `sent by ${channels}; ${failed} failed`;
    case 'not-reached':
      return `not reached (${failed} failed); the next level was paged at once`;
    case 'nobody-on-call':
      return 'nobody on call: skipped';
    case 'upcoming':
      return 'not paged yet';
  }
}

function chainRow(r: ChainRow) {
  const who = r.who ?? 'nobody';
  const ack = r.acknowledgedAt
    ? html` <span class="badge ack">acknowledged ${formatInstant(r.acknowledgedAt)}</span>`
    : r.status === 'upcoming' || !r.email
      ? ''
      : html` <span class="badge">not acknowledged</span>`;
  const bad = r.status === 'not-reached' || r.status === 'partly-sent';
  return html`<li${r.thisPage ? html` class="this"` : ''}><p><strong>${r.level}</strong> · ${who}${
    r.email && r.email !== who ? html` <span class="note">${r.email}</span>` : ''
  }${r.thisPage ? html` <span class="badge">this page</span>` : ''}</p>
<p class="note">${r.status === 'upcoming' ? 'due' : 'paged'} ${formatInstant(r.at)} · ${
    bad ? html`<span class="badge bad">${status(r)}</span>` : status(r)
  }${ack}</p></li>`;
}

/** The page behind a page link: what state the case is in and the one action that comes next. */
export function pageView(s: PageScreen, target: LinkTarget, now: Date, notice?: string) {
  const at = now.getTime();
  const customer = s.customer;
  return layout(
    headline(s),
    html`${lateBanner(s, at)}<p class="tag">Sev-1 · ${s.reference}</p>
<h1>${headline(s)}</h1>
<p class="subject">${s.subject}</p>
${notice ? html`<p class="state warn">${notice}</p>` : ''}${stateLine(s)}
${s.countdowns.length ? html`<dl class="clocks">${s.countdowns.map((c) => clock(c, at))}</dl>` : ''}
${s.escalationNote ? html`<p class="note">${s.escalationNote}</p>` : ''}
${action(s, target)}
<h2>Customer</h2>
<dl class="facts">
<dt>Contact</dt><dd>${customer.contact}</dd>
<dt>Customer</dt><dd>${customer.organisation ?? 'unknown'} (plan ${customer.plan ?? 'none'})</dd>
<dt>Phone</dt><dd>${customer.tel ? html`<a href="${customer.tel}">${customer.phone}</a>` : (customer.phone ?? 'not on file')}</dd>
<dt>Email</dt><dd>${customer.email}</dd>
</dl>
${
  s.words
    ? html`<h2>In their words</h2>
<blockquote class="words">${s.words.text}</blockquote>
<p class="note">Their first mail, ${formatInstant(s.words.at)}${s.words.trimmed ? '; shortened, the whole mail is in the console' : ''}.</p>`
    : ''
}
${
  s.chain.length
    ? html`<h2>Who was paged</h2>
<ol class="chain">${s.chain.map(chainRow)}</ol>
<p class="note">"Sent" means the mail or SMS service accepted the page; whether it reached the phone is not reported back.</p>`
    : ''
}
<p class="console"><a href="${s.consolePath}">Open in console</a> <span class="note">(sign in as staff)</span></p>`,
    { now: at }
  );
}

export function messageView(status: string, title: string, text: string) {
  return layout(status, html`<h1>${title}</h1><p>${text}</p>`);
}
