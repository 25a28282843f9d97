/**
 * The page screens' one script, served from the same origin (`GET /pages/assets/countdown.js`) so
 * the page's CSP allows it without 'unsafe-inline'. It makes the server-rendered countdowns tick:
 * every `[data-until]` element gets `formatCountdown(until − now)` once a second. "Now" starts
 * at the server's clock when the page was rendered (`data-now` on <body>) and runs on the phone's
 * monotonic clock, so a phone whose clock is wrong still counts right. Without JavaScript the
 * page keeps the absolute times and the counts as rendered.
 *
 * Kept as text (it runs in the browser, not here); test/unit/page-screen.test.ts runs it against
 * `formatCountdown` so both write the same words.
 */
export const COUNTDOWN_SCRIPT = `(function () {
  'use strict';
  var body = document.body;
  var serverNow = Number(body.getAttribute('data-now'));
  if (!serverNow) return;
  var started = performance.now();
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function format(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var span = s < 60 ? s + ' s'
      : s < 3600 ? Math.floor(s / 60) + ' min ' + pad(s % 60) + ' s'
      : s < 48 * 3600 ? Math.floor(s / 3600) + ' h ' + pad(Math.floor((s % 3600) / 60)) + ' min'
      : Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
    return ms >= 0 ? 'in ' + span : span + ' ago';
  }
  var clocks = Array.prototype.slice.call(document.querySelectorAll('[data-until]'));
  function tick() {
    var now = serverNow + (performance.now() - started);
    clocks.forEach(function (el) {
      var left = Date.parse(el.getAttribute('data-until')) - now;
      el.textContent = format(left);
      var box = el.closest('[data-clock]');
      if (box && left < 0) box.classList.add('passed');
    });
  }
  tick();
  setInterval(tick, 1000);
})();
`;
