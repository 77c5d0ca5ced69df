import { Content } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function BackToSignIn() {
  const { t } = useTranslation('sign-in');
  return (
    <Content component="p">
      <Link to="/sign-in">{t('backToSignIn')}</Link>
    </Content>
  );
}
