import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

/** A Brazilian phone number in E.164 (+55…), and what kind of line it is. */
export interface PhoneBR {
  /** "+5511987654321". */
  e164: string;
  /** The area code (DDD), two digits; null for numbers without one (0800, 0300…). */
  ddd: string | null;
  /** From libphonenumber's full metadata: 'mobile', 'fixed' (landline), or 'other' (0800, VoIP…). */
  kind: 'mobile' | 'fixed' | 'other';
}

export interface NormalizePhoneOptions {
  /** The shop's DDD, put in front of numbers typed without one (8 or 9 digits). */
  defaultDdd?: string;
  /**
   * Put the 9 in front of an old 8-digit mobile number ("(11) 8765-4321"): every Brazilian mobile
   * has 9 digits since 2016 (Anatel). Default true; PIX keys pass false, a payment key is not guessed.
   */
  addNinthDigit?: boolean;
}

/**
 * A phone number as people type it in Brazil — "(11) 98765-4321", "11 98765-4321",
 * "+55 11 98765-4321", "5511987654321", "0xx11 98765-4321", "0 21 11 98765-4321" (carrier) — to
 * E.164, validated against libphonenumber-js/max's metadata. Null when it is not a valid
 * Brazilian number (a foreign number included). The single place phones are read (PIX keys, leads).
 */
export function normalizePhoneBR(raw: string, options: NormalizePhoneOptions = {}): PhoneBR | null {
  let text = raw.trim().replace(/^0\s*x\s*x\s*/i, '');
  if (text === '' || text.length > 40 || /[^\d\s()+\-.]/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (options.defaultDdd && !text.startsWith('+') && (digits.length === 8 || digits.length === 9)) {
    text = `${options.defaultDdd}${digits}`;
  }
  let phone = parsePhoneNumberFromString(text, 'BR');
  if (!phone) return null;
  const national = phone.nationalNumber;
  if (!matchesTypedDigits(text, national)) return null;
  if ((options.addNinthDigit ?? true) && national.length === 10 && /^[1-9]{2}[6-9]/.test(national)) {
    const withNine = parsePhoneNumberFromString(`+55${national.slice(0, 2)}9${national.slice(2)}`);
    if (withNine?.isValid()) phone = withNine;
  }
  if (!phone.isValid() || phone.country !== 'BR') return null;
  const kind = kindOf(phone);
  return { e164: phone.number, ddd: kind === 'other' ? null : phone.nationalNumber.slice(0, 2), kind };
}

/**
 * Without a leading 0 (trunk or carrier prefix) nothing may be dropped from what was typed:
 * libphonenumber reads "(11) 18765-4321" as carrier 11 + (19) 8765-4321, a different line, where
 * the user typed an invalid mobile that must be refused.
 */
function matchesTypedDigits(text: string, national: string): boolean {
  const digits = text.replace(/\D/g, '');
  if (/^\s*0/.test(text)) return true;
  const typed =
    digits.startsWith('55') && (text.trim().startsWith('+') || digits.length >= 12) ? digits.slice(2) : digits;
  return typed === national;
}

function kindOf(phone: PhoneNumber): PhoneBR['kind'] {
  const type = phone.getType();
  if (type === 'MOBILE') return 'mobile';
  if (type === 'FIXED_LINE') return 'fixed';
  return 'other';
}
