import type { TFunction } from 'i18next';
import { isApiError } from '../../../api/client';
import { type StepErrors, toStepErrors } from '../../../components/confirm-step';
import '../i18n';

const CHARACTER =
  /^"(.+?)" (?:\(position (\d+)\) )?(?:has no Zengin character|is not in the Zengin character set)/;
const TOO_LONG = /(?:at most|longer than) (\d+) (?:Zengin|half-width) characters/;

/**
 * A refusal as the confirm step shows it (toStepErrors), with the API's sentences about Zengin names in the user's
 * language and still naming the character (and its position) the API names: a kana name with a character the
 * Zengin set has not, or one too long once converted.
 */
export function zenginStepErrors(t: TFunction, error: unknown): StepErrors {
  const base = toStepErrors(t, error);
  if (!isApiError(error)) return base;
  const fields = { ...base.fields };
  for (const [field, messages] of Object.entries(error.fields)) {
    for (const message of Array.isArray(messages) ? messages.map(String) : [String(messages)]) {
      const ch = CHARACTER.exec(message);
      const long = TOO_LONG.exec(message);
      if (ch)
        fields[field] = ch[2]
          ? t('payees:zengin.characterAt', { ch: ch[1], position: ch[2] })
          : t('payees:zengin.character', { ch: ch[1] });
      else if (long) fields[field] = t('payees:zengin.tooLong', { n: long[1] });
    }
  }
  return { ...base, fields };
}
