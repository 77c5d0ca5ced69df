import { Label, LabelGroup } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import type { UserStatus } from '../types';

/** ステータス: 仮登録, 無効, アカウントロック, 2要素 — shown only when they apply, as the manual's list does. */
export function StatusLabels({ status }: { status: UserStatus }) {
  const { t } = useTranslation('members');
  const labels: [string, 'orange' | 'red' | 'grey' | 'blue'][] = [];
  if (status.provisional) labels.push([t('status.provisional'), 'orange']);
  if (status.disabled) labels.push([t('status.disabled'), 'grey']);
  if (status.locked) labels.push([t('status.locked'), 'red']);
  if (status.twoFactorEnabled) labels.push([t('status.twoFactor'), 'blue']);
  if (!labels.length) return null;
  return (
    <LabelGroup>
      {labels.map(([text, color]) => (
        <Label key={text} color={color} isCompact>
          {text}
        </Label>
      ))}
    </LabelGroup>
  );
}
