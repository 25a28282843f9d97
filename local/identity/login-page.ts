import { html } from 'hono/html';

/** The local issuer's sign-in form: plain HTML, no script, readable on a phone. */
export async function loginPage(
  action: string,
  options: { email?: string; error?: string }
): Promise<string> {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in — caseflow</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#16191f}
main{box-sizing:border-box;max-width:28rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 4px #0002}
@media (max-width:480px){main{margin:0;max-width:none;border-radius:0;box-shadow:none;min-height:100vh}}
h1{font-size:1.4rem;margin:0 0 1.5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;box-sizing:border-box;font:inherit;padding:.6rem;border:1px solid #687078;border-radius:4px}
input:focus{outline:3px solid #0972d3;outline-offset:1px}
button{margin-top:1.5rem;width:100%;font:inherit;font-weight:600;padding:.7rem;border:0;border-radius:4px;background:#0972d3;color:#fff;cursor:pointer}
[role=alert]{background:#fff1f0;border-left:4px solid #d91515;padding:.5rem .75rem;margin:0 0 1rem}
.note{color:#545b64;font-size:.875rem;margin-top:1.5rem}
</style></head>
<body><main>
<h1>Sign in to caseflow</h1>
${options.error ? html`<p role="alert">${options.error}</p>` : ''}
<form method="post" action="${action}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${options.email ?? ''}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p class="note">Staff accounts are made by an administrator.</p>
</main></body></html>`;
  return String(await page);
}
