import { PageSection, Title } from '@patternfly/react-core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A signed-in screen: its name as the page's only h1 and the document title. */
export function Screen({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} | ${t('app:title')}`;
  }, [title, t]);
  return (
    <PageSection>
      <Title headingLevel="h1" className="kanri-mb">
        {title}
      </Title>
      {children}
    </PageSection>
  );
}
