import { Card, CardBody, CardFooter, CardTitle, Flex, FlexItem, Title } from '@patternfly/react-core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/layout';

/** The frame of the screens used before signing in: a card with the screen name, and the language switch. */
export function PublicPage({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} | ${t('app:title')}`;
  }, [title, t]);
  return (
    <div className="kanri-public-page">
      <main className="kanri-public-card">
        <Card>
          <CardTitle>
            <Flex
              justifyContent={{ default: 'justifyContentSpaceBetween' }}
              alignItems={{ default: 'alignItemsCenter' }}
            >
              <FlexItem>
                <Title headingLevel="h1" size="xl">
                  {title}
                </Title>
              </FlexItem>
              <FlexItem>
                <LanguageSwitch />
              </FlexItem>
            </Flex>
          </CardTitle>
          <CardBody>{children}</CardBody>
          {footer ? <CardFooter>{footer}</CardFooter> : null}
        </Card>
      </main>
    </div>
  );
}
