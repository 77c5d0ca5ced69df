import { Button, EmptyState, EmptyStateBody, PageSection } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <main>
      <PageSection>
        <EmptyState titleText={<h1>{t('notFound.title')}</h1>} headingLevel="h1">
          <EmptyStateBody>
            <Button variant="link" component={(props) => <Link {...props} to="/" />}>
              {t('notFound.back')}
            </Button>
          </EmptyStateBody>
        </EmptyState>
      </PageSection>
    </main>
  );
}
