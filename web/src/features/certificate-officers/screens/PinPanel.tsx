import { Alert, Button, FormGroup, TextInput } from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../components/data-table';
import type { EnrolmentIssued } from '../api';

/**
 * The access PIN of a new enrolment, with the warning that it will not be shown again. It lives in the state of
 * the screen that received it: leaving the screen (or closing the panel) drops it for good.
 */
export function PinPanel({ issued, onClose }: { issued: EnrolmentIssued; onClose?(): void }) {
  const { t } = useTranslation('certificate-officers');
  return (
    <Alert
      variant="warning"
      isInline
      title={t('officers.pinWarning')}
      actionLinks={
        onClose ? (
          <Button variant="link" isInline onClick={onClose}>
            {t('officers.hidePin')}
          </Button>
        ) : undefined
      }
    >
      <FormGroup label={t('officers.pinTitle')} fieldId="officer-access-pin">
        <TextInput
          id="officer-access-pin"
          readOnly
          readOnlyVariant="default"
          value={issued.accessPin}
          autoComplete="off"
          className="kanri-secret"
        />
      </FormGroup>
      <p>{t('officers.pinExpires', { expiresAt: formatDateTime(issued.enrolment.expiresAt) })}</p>
    </Alert>
  );
}
