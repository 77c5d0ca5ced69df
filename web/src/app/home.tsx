import { Content, PageSection, Title } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth';
import { displayName } from './display-name';

export function HomePage() {
  const { t } = useTranslation();
  const { principal } = useAuth();
  if (!principal) return null;
  const org = principal.organization;
  return (
    <PageSection>
      <Title headingLevel="h1">{t('home.title')}</Title>
      <Content component="p">{t('home.welcome', { name: displayName(principal) })}</Content>
      <Content component="p">
        {org ? t('home.organization', { name: org.name, code: org.code }) : t('home.noOrganization')}
      </Content>
    </PageSection>
  );
}
