import { describe, expect, it } from 'vitest';
import { PostalMimeCodec, repairMislabelledPolish } from '../../functions/adapters/mime';

const polish = 'Wszystkie wywołania zwracają błąd, środowisko leży, źle. Są odcięci.';

/** A text/plain mail whose body is `bytes`, labelled with `charset`. */
function mail(charset: string, bytes: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(
    `From: a@acme.example\r\nTo: support@support.example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`
  );
  return Uint8Array.from([...head, ...bytes, 13, 10]);
}
/** Bytes of `text` in a single-byte charset, by looking each character up in its decoder's table. */
function encode(text: string, charset: string): Uint8Array {
  const table = new TextDecoder(charset).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  return Uint8Array.from([...text].map((c) => table.indexOf(c)));
}

describe('Polish text read in the wrong single-byte charset', () => {
  const codec = new PostalMimeCodec();

  it('is read as windows-1250: ą, ś, ź come out right', async () => {
    const parsed = await codec.parse(mail('iso-8859-2', encode(polish, 'windows-1250')));
    expect(parsed.text.trim()).toBe(polish);
  });

  it('correctly labelled ISO-8859-2 and windows-1250 are left as they are', async () => {
    expect((await codec.parse(mail('iso-8859-2', encode(polish, 'iso-8859-2')))).text.trim()).toBe(polish);
    expect((await codec.parse(mail('windows-1250', encode(polish, 'windows-1250')))).text.trim()).toBe(
      polish
    );
  });

  it.each([
    ['unknown-8bit', 'iso-8859-2'],
    ['iso-8859-1', 'iso-8859-2'],
    ['windows-1252', 'windows-1250'],
    ['x-unknown', 'windows-1250'],
  ])('labelled %s but written in %s: read as Polish', async (label, written) => {
    expect((await codec.parse(mail(label, encode(polish, written)))).text.trim()).toBe(polish);
  });

  it('Western European text keeps its reading, a stray ± or ³ included', async () => {
    const german = 'Größe ±3 mm, Menge 10³, bitte prüfen: Grüße aus München';
    expect((await codec.parse(mail('iso-8859-1', encode(german, 'windows-1252')))).text.trim()).toBe(german);
    const french = 'Le système ne répond plus, ça fait ¼ heure';
    expect(repairMislabelledPolish(french)).toBe(french);
  });

  it('text that cannot be ISO-8859-2 (a Spanish ñ) is not touched, control characters or not', () => {
    const text = 'Mañana \u0085 seguimos';
    expect(repairMislabelledPolish(text)).toBe(text);
    expect(repairMislabelledPolish('plain ASCII')).toBe('plain ASCII');
  });
});
