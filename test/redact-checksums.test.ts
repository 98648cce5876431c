// The checks that let numbers be recognised without a cue: GB 11643 check characters, resident ID shape, Luhn,
// phone shapes, and the digit forms that keep offsets into the text as written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digitForms, originalRange, SCRIPT_BREAK } from '../engine/privacy/digit-forms.ts';
import { luhnValid } from '../engine/privacy/luhn.ts';
import { isLandline, isLocalNumber, isMobile, isServiceNumber } from '../engine/privacy/phone-shapes.ts';
import { isResidentId15, isResidentId18 } from '../engine/privacy/resident-id.ts';
import { residentIdCheckChar } from '../engine/privacy/resident-id-checksum.ts';

describe('residentIdCheckChar (GB 11643)', () => {
  it('gives the published check characters, X included', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('51010419900307123')).toBe('7');
    expect(residentIdCheckChar('44030420000101123')).toBe('9');
  });

  it('is the character that makes the weighted sum of all 18 (X = 10) one mod 11', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2, 1];
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        const id = first17 + residentIdCheckChar(first17);
        const sum = [...id].reduce((s, c, i) => s + (c === 'X' ? 10 : Number(c)) * weights[i], 0);
        expect(sum % 11).toBe(1);
      }),
    );
  });

  it('answers undefined for anything but 17 digits', () => {
    expect(residentIdCheckChar('1101051949123100')).toBeUndefined();
    expect(residentIdCheckChar('1101051949123100X')).toBeUndefined();
    expect(residentIdCheckChar('１１０１０５１９４９１２３１００２')).toBeUndefined();
  });
});

describe('isResidentId18 / isResidentId15', () => {
  it('takes valid IDs, lower-case x included', () => {
    for (const id of ['11010519491231002X', '11010519491231002x', '510104199003071237', '510681199202290045']) {
      expect(isResidentId18(id), id).toBe(true);
    }
  });

  it('refuses a wrong check character, an unknown province, an impossible birth date', () => {
    expect(isResidentId18('510104199003071238')).toBe(false);
    expect(isResidentId18('990104199003071237')).toBe(false);
    expect(isResidentId18('510104199002301237', { checked: false })).toBe(false);
    expect(isResidentId18('510104199013071237', { checked: false })).toBe(false);
    expect(isResidentId18('510104189903071237', { checked: false })).toBe(false);
  });

  it('checked: false accepts any check character on an otherwise valid ID', () => {
    expect(isResidentId18('510104199003071238', { checked: false })).toBe(true);
  });

  it('the 15-digit form needs a province and a 19xx birth date', () => {
    expect(isResidentId15('510104900307123')).toBe(true);
    expect(isResidentId15('510104900230123')).toBe(false);
    expect(isResidentId15('000104900307123')).toBe(false);
    expect(isResidentId15('51010490030712')).toBe(false);
  });
});

describe('luhnValid', () => {
  it('takes valid card numbers of 16 to 19 digits and refuses a changed digit', () => {
    for (const n of ['4111111111111111', '4367421234567896', '6228480402564890018', '6222021234567890128']) {
      expect(luhnValid(n), n).toBe(true);
      const changed = n.slice(0, -1) + ((Number(n.at(-1)) + 1) % 10);
      expect(luhnValid(changed), changed).toBe(false);
    }
  });

  it('refuses what is not a string of digits', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111 1111 1111 1111')).toBe(false);
  });

  it('any single-digit change breaks it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{15,18}$/), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, step) => {
        const valid = [...'0123456789'].map((d) => body + d).find(luhnValid)!;
        const i = at % valid.length;
        const changed = valid.slice(0, i) + ((Number(valid[i]) + step) % 10) + valid.slice(i + 1);
        expect(luhnValid(changed)).toBe(false);
      }),
    );
  });
});

describe('phone shapes', () => {
  it('mobiles 13x-19x, with 86 or 0086', () => {
    expect(isMobile('13812345678')).toBe(true);
    expect(isMobile('19912345678')).toBe(true);
    expect(isMobile('008613812345678')).toBe(true);
    expect(isMobile('12812345678')).toBe(false);
    expect(isMobile('1381234567')).toBe(false);
  });

  it('landlines with a 3- or 4-digit area code and a local number not starting with 0 or 1', () => {
    expect(isLandline('02887654321')).toBe(true);
    expect(isLandline('01062345678')).toBe(true);
    expect(isLandline('08382234567')).toBe(true);
    expect(isLandline('083822345678')).toBe(true);
    expect(isLandline('862887654321')).toBe(true);
    expect(isLandline('02812345678')).toBe(false);
    expect(isLandline('0288765432')).toBe(false);
    expect(isLandline('20261123')).toBe(false);
  });

  it('local numbers of 7 or 8 digits; service numbers', () => {
    expect(isLocalNumber('87654321')).toBe(true);
    expect(isLocalNumber('2345678')).toBe(true);
    expect(isLocalNumber('02345678')).toBe(false);
    for (const n of [
      '110',
      '119',
      '120',
      '122',
      '12345',
      '12315',
      '12319',
      '95588',
      '96111',
      '4008008888',
      '8008208820',
    ]) {
      expect(isServiceNumber(n), n).toBe(true);
    }
    expect(isServiceNumber('13812345678')).toBe(false);
    expect(isServiceNumber('87654321')).toBe(false);
  });
});

describe('digitForms', () => {
  it('folds full-width, Chinese and mathematical digits and full-width ASCII, dashes and the ideographic space', () => {
    expect(digitForms('１３８').text).toBe('138');
    expect(digitForms('一三八一二三四五六七八').text).toBe('13812345678');
    expect(digitForms('〇零一二三四五六七八九幺两').text).toBe('0012345678912');
    expect(digitForms('ＱＱ：ａｂ＠ｃ．ｃｏｍ（０２８）').text).toBe('QQ:ab@c.com(028)');
    expect(digitForms('138—1234–5678\u3000').text).toBe('138-1234-5678 ');
    expect(digitForms('𝟏𝟑𝟖').text).toBe('138');
  });

  it('drops zero-width characters and maps every range back to the text as written', () => {
    const original = '电话\u200b１\u200d３𝟖８';
    const forms = digitForms(original);
    expect(forms.text).toBe('电话1388');
    expect(originalRange(forms, 2, 6)).toEqual({ start: 3, end: 9 });
    expect(original.slice(3, 9)).toBe('１\u200d３𝟖８');
    expect(originalRange(forms, 4, 5)).toEqual({ start: 6, end: 8 });
  });

  it('puts a break where digits written in Chinese meet others, mapped to an empty range', () => {
    const forms = digitForms('3三a两𝟐');
    expect(forms.text).toBe(`3${SCRIPT_BREAK}3a2${SCRIPT_BREAK}2`);
    expect(originalRange(forms, 1, 2)).toEqual({ start: 1, end: 1 });
    expect(originalRange(forms, 0, 3)).toEqual({ start: 0, end: 2 });
    expect(originalRange(forms, 4, 7)).toEqual({ start: 3, end: 6 });
  });

  it('keeps text without such forms as it is, offset for offset', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abc 123-、。的是@#') }), (text) => {
        const forms = digitForms(text);
        expect(forms.text).toBe(text);
        expect(forms.starts).toEqual([...text].map((_, i) => i));
      }),
    );
  });
});
