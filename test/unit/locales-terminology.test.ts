// One term per concept (docs/wording.md): for each language, the term we chose and the variants it
// replaced. A variant anywhere in that language's texts fails; the chosen term must still be in use,
// so a list that no longer matches anything is noticed. Also: every text with {{count}} has its
// plural forms (i18next _one/_other) in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadLocale, type Language } from '../../main/i18n.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

interface Term {
  concept: string;
  /** The wording we use. */
  term: RegExp;
  /** Wordings it replaced: none may appear. */
  variants: readonly RegExp[];
  /** Only texts under these keys are held to it (default: every text). */
  keys?: RegExp;
}

const TERMS: Readonly<Record<Language, readonly Term[]>> = {
  az: [
    { concept: 'messengers', term: /mesajlaşma tətbiqləri/i, variants: [/messencer/i] },
    // "yüklə" also means download (and load), so it is kept out of everything about sending to OONI.
    { concept: 'upload (send to OONI)', term: /göndər/i, variants: [/yüklə/i], keys: /upload/i },
    { concept: 'upload (send to OONI)', term: /OONI-yə göndər/i, variants: [/OONI-yə yüklə/i] },
    { concept: 'on / off', term: /qoşulub|söndürülüb/, variants: [/(?<!\p{L})yandır/iu, /sönülü/i] },
    { concept: 'SNI filtering', term: /sayt adına görə filtrləmə/i, variants: [/SNI filtri/i, /SNI filtrləməsi/i, /süzgəc/i] },
    { concept: 'certificate interception', term: /saxta sertifikatla ələ keçirilməsi/, variants: [/sertifikatın ələ keçirilməsi/i, /saxtalaşdırıl/i] },
    { concept: 'round-trip time', term: /gediş-gəliş vaxtı/, variants: [/gediş-qayıdış/i, /gediş-gəliş(?! vaxt)/i] },
    { concept: 'secure connection set-up (TLS handshake)', term: /təhlükəsiz bağlantının qurulması/i, variants: [/əl sıxma/i] },
    { concept: 'the app name with suffixes', term: /Yoxla-nın/, variants: [/Yoxla(nın|nı|dan|dakı|da)(?!\p{L})/u] },
    { concept: 'milliseconds', term: /\{\{value\}\} ms$/, variants: [/msan\./i] },
    { concept: 'down for everyone (broken site)', term: /hamı üçün işləmir/, variants: [/xarab/i] },
    { concept: 'comparison server (OONI test helper)', term: /müqayisə serveri/, variants: [/nəzarət server/i, /köməkçi server/i] },
    { concept: 'public IP address', term: /xarici \(ictimai\) IP ünvan/i, variants: [/açıq IP/i, /ümumi IP/i] },
    { concept: 'does not work with the VPN (break)', term: /VPN ilə işləmir/, variants: [/pozul/i] },
    { concept: 'your VPN', term: /VPN-iniz/, variants: [/Sizin VPN/i] },
    { concept: 'quotation marks', term: /“[^”]+”/, variants: [/"/] },
  ],
  en: [
    // The CLI flag stays --upload (a stable contract); the words say "send".
    { concept: 'upload (send to OONI)', term: /\bsen[dt]\b/i, variants: [/(?<!--)\bupload/i] },
    { concept: 'round-trip time', term: /round-trip time/, variants: [/round trip/i, /round-trip(?! time)/] },
    { concept: "Firefox's setting", term: /“DNS over HTTPS” in Firefox|Firefox: .*“DNS over HTTPS”/, variants: [/Secure DNS[^.]*Firefox/] },
    { concept: 'comparison server (OONI test helper)', term: /comparison server/, variants: [/OONI's test helper/, /without a control/i] },
    { concept: 'secure connection set-up (TLS handshake)', term: /secure connection/, variants: [/handshake/i] },
    { concept: 'jargon replaced by plain words', term: /“Use default gateway on remote network”/, variants: [/remote default gateway/i, /system proxy/i, /OONI Run descriptor/i] },
    { concept: 'quotation marks', term: /“[^”]+”/, variants: [/"/] },
  ],
};

/** Text as read: options inside $t(key, {...}) are code, not words. */
const readable = (text: string) => text.replace(/\$t\([^)]*\)/g, '');

for (const lang of ['az', 'en'] as const) {
  const texts = leaves(loadLocale(lang));
  for (const { concept, term, variants, keys } of TERMS[lang]) {
    test(`${lang}: one term for ${concept}`, () => {
      const scoped = texts.filter(([key]) => !keys || keys.test(key));
      assert.ok(scoped.some(([, text]) => term.test(readable(text))), `the chosen term ${term} is not used any more: update the list`);
      const found = scoped.flatMap(([key, text]) => variants.filter((v) => v.test(readable(text))).map((v) => `${key}: ${v} in “${text}”`));
      assert.deepEqual(found, []);
    });
  }
}

test('the variant checks are not vacuous: each catches the wording it replaced', () => {
  const replaced: Record<Language, string[]> = {
    az: ['Messencerlər', 'ölçmələrin OONI-yə yüklənməsinə', 'DNS-i yandırın', 'sönülü idisə', 'SNI filtri', 'Sertifikatın saxtalaşdırılması', 'gediş-qayıdış', 'əl sıxma', 'Yoxlanın hazırladığı', 'Yoxlanı bağlaya', '12 msan.', 'xarab saytdan', 'Nəzarət serveri', 'Açıq IP ünvanınız', 'VPN ilə pozulur', 'Sizin VPN', '"dəqiq deyil"'],
    en: ['Uploaded 2 measurements', 'round trip 40 ms', 'turn on "Secure DNS" in Chrome or Firefox', "OONI's test helper learns", 'TLS handshake', 'the remote default gateway', 'a system proxy', 'an OONI Run descriptor', '"Works"'],
  };
  for (const lang of ['az', 'en'] as const) {
    for (const old of replaced[lang]) assert.ok(TERMS[lang].some((t) => t.variants.some((v) => v.test(old))), `${lang}: nothing catches “${old}”`);
  }
  assert.ok(!TERMS.en.some((t) => t.variants.some((v) => v.test('yoxla report RUN.json --upload'))), 'the --upload flag is allowed');
  assert.ok(!TERMS.az.some((t) => !t.keys && t.variants.some((v) => v.test('Yoxlaya bilmədiyimiz ünvanlar'))), 'the verb yoxlaya is not the app name');
});

test('every text with {{count}} has its plural forms, _one and _other, in en and az', () => {
  const en = new Map(leaves(loadLocale('en')));
  const az = new Map(leaves(loadLocale('az')));
  const problems: string[] = [];
  for (const [lang, texts] of [['en', en], ['az', az]] as const) {
    for (const [key, text] of texts) {
      if (!text.includes('{{count}}')) continue;
      const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
      if (base === key) problems.push(`${lang}:${key} has {{count}} but no plural suffix`);
      for (const form of ['one', 'other']) {
        if (!en.has(`${base}_${form}`)) problems.push(`en:${base}_${form} missing`);
        if (!az.has(`${base}_${form}`)) problems.push(`az:${base}_${form} missing`);
      }
    }
  }
  assert.deepEqual([...new Set(problems)], []);
  assert.ok([...en.keys()].some((k) => k.endsWith('_one') && (en.get(k) ?? '').includes('{{count}}')), 'plural keys with {{count}} exist');
});

test('Azerbaijani plural rules need exactly the forms we write (one, other)', () => {
  assert.deepEqual(new Intl.PluralRules('az').resolvedOptions().pluralCategories.sort(), ['one', 'other']);
  assert.deepEqual(new Intl.PluralRules('en').resolvedOptions().pluralCategories.sort(), ['one', 'other']);
});
