import { describe, expect, it } from 'vitest';
import {
  foldText,
  indexWords,
  queryWords,
  referenceQuery,
  searchEntries,
  wordKey,
  wordMatches,
} from '../../functions/domain/search-text';

describe('folding', () => {
  it('drops Polish diacritics and maps ł to l', () => {
    expect(foldText('Fakturą ŻÓŁTA Łódź źle ćma ęś ń')).toBe('faktura zolta lodz zle cma es n');
  });

  it('folds other Latin letters too', () => {
    expect(foldText('Größe Café Ñandú')).toBe('grosse cafe nandu');
  });
});

describe('words', () => {
  it('splits on anything not a letter or digit and drops short and stop words', () => {
    expect(indexWords('Re: Faktura nr 12/2026 — nie działa, the invoice is wrong!')).toEqual([
      're',
      'faktura',
      'nr',
      '12',
      '2026',
      'dziala',
      'invoice',
      'wrong',
    ]);
  });

  it('keeps each word once', () => {
    expect(indexWords('awaria awaria AWARIA')).toEqual(['awaria']);
  });

  it('splits addresses into their parts', () => {
    expect(indexWords('anna.nowak@acme.example')).toEqual(['anna', 'nowak', 'acme', 'example']);
  });

  it('keeps stop words of a query made of nothing else', () => {
    expect(queryWords('the')).toEqual(['the']);
    expect(queryWords('the invoice')).toEqual(['invoice']);
  });
});

describe('matching', () => {
  it('matches a query word as the beginning of an indexed word', () => {
    expect(wordMatches('faktura', foldText('faktur'))).toBe(true);
    expect(wordMatches('faktura', queryWords('Fakturą')[0] ?? '')).toBe(true);
    expect(wordMatches('faktura', 'fakturze')).toBe(false);
  });

  it('matches a two-letter query word only whole', () => {
    expect(wordMatches('nr', 'nr')).toBe(true);
    expect(wordMatches('nrx', 'nr')).toBe(false);
  });

  it('files a word under its first three letters', () => {
    expect(wordKey('faktura')).toBe('fak');
    expect(wordKey('nr')).toBe('nr');
  });
});

describe('index entries', () => {
  it('groups the words of a case by key, customer and sender words searchable by q too', () => {
    const entries = searchEntries({
      texts: ['Faktura za grudzień', 'Proszę o fakturę korygującą'],
      customer: ['acme', 'Acme Sp. z o.o.'],
      sender: ['anna.nowak@acme.example', null],
    });
    expect(entries.get('fak')?.words.sort()).toEqual(['faktura', 'fakture']);
    expect(entries.get('acm')).toEqual({ words: ['acme'], customer: ['acme'], sender: ['acme'] });
    expect(entries.get('ann')).toEqual({ words: ['anna'], customer: [], sender: ['anna'] });
  });
});

describe('references', () => {
  it('reads a case reference in any case, with or without the dash', () => {
    expect(referenceQuery('cf-1001')).toBe('CF-1001');
    expect(referenceQuery(' CF 42 ')).toBe('CF-42');
    expect(referenceQuery('cf1001')).toBe('CF-1001');
    expect(referenceQuery('cf-1001 faktura')).toBeNull();
  });
});
