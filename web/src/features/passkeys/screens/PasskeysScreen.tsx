import { useEffect, useState } from 'react';
import {
  ActionGroup,
  Alert,
  Button,
  Content,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../app/auth';
import { errorMessage } from '../../../lib/errors';
import { passkeysSupported } from '../../../lib/passkeys';
import {
  type PasskeyView,
  usePasskeys,
  useRegisterPasskey,
  useRemovePasskey,
  useRenamePasskey,
} from '../api';

/**
 * パスキー管理 (SPEC §17): register a passkey on this device (the browser's own dialog does the rest), and rename or
 * delete the ones registered. Only the user's own passkeys appear here.
 */
export function PasskeysScreen() {
  const { t, i18n } = useTranslation('passkeys');
  const { principal } = useAuth();
  const passkeys = usePasskeys();
  const register = useRegisterPasskey();
  const remove = useRemovePasskey();
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<PasskeyView | null>(null);
  const [removing, setRemoving] = useState<PasskeyView | null>(null);
  useEffect(() => {
    document.title = `${t('title')} | ${t('app:title')}`;
  }, [t]);
  const time = (iso: string | null) =>
    iso ? new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'ja-JP') : '—';
  const items = passkeys.data?.items ?? [];

  return (
    <PageSection>
      <Title headingLevel="h1" className="kanri-mb">
        {t('title')}
      </Title>
      <Content component="p">{t('lead')}</Content>
      {principal?.passkeyStepUp && !items.length && !passkeys.isPending ? (
        <Alert variant="warning" isInline title={t('stepUpRequired')} className="kanri-mb" />
      ) : null}
      {!passkeysSupported() ? (
        <Alert variant="warning" isInline title={t('unsupported')} className="kanri-mb" />
      ) : null}
      {register.isSuccess ? (
        <Alert variant="success" isInline title={t('registered')} className="kanri-mb" />
      ) : null}
      {remove.isSuccess ? (
        <Alert variant="success" isInline title={t('removed')} className="kanri-mb" />
      ) : null}
      {register.error ? (
        <Alert variant="danger" isInline title={errorMessage(t, register.error)} className="kanri-mb" />
      ) : null}
      {passkeys.error ? <Alert variant="danger" isInline title={errorMessage(t, passkeys.error)} /> : null}

      <Form
        onSubmit={(e) => {
          e.preventDefault();
          remove.reset();
          register.mutate(name.trim(), { onSuccess: () => setName('') });
        }}
        className="kanri-mb"
      >
        <FormGroup label={t('newName')} fieldId="passkey-name">
          <TextInput id="passkey-name" value={name} maxLength={64} onChange={(_e, v) => setName(v)} />
          <FormHelperText>
            <HelperText>
              <HelperTextItem>{t('newNameHelp')}</HelperTextItem>
            </HelperText>
          </FormHelperText>
        </FormGroup>
        <ActionGroup>
          <Button
            type="submit"
            variant="primary"
            isLoading={register.isPending}
            isDisabled={register.isPending}
          >
            {t('register')}
          </Button>
        </ActionGroup>
      </Form>

      {items.length === 0 && !passkeys.isPending ? (
        <Content component="p">{t('empty')}</Content>
      ) : (
        <Table aria-label={t('table')} variant="compact">
          <Thead>
            <Tr>
              <Th>{t('name')}</Th>
              <Th>{t('synced')}</Th>
              <Th>{t('createdAt')}</Th>
              <Th modifier="wrap">{t('lastUsedAt')}</Th>
              <Th screenReaderText={t('actions')} />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((p) => (
              <Tr key={p.id}>
                <Td dataLabel={t('name')}>{p.name}</Td>
                <Td dataLabel={t('synced')}>
                  <Label color={p.backedUp ? 'blue' : 'grey'}>
                    {p.backedUp ? t('syncedYes') : t('syncedNo')}
                  </Label>
                </Td>
                <Td dataLabel={t('createdAt')}>{time(p.createdAt)}</Td>
                <Td dataLabel={t('lastUsedAt')}>{time(p.lastUsedAt)}</Td>
                <Td dataLabel={t('actions')}>
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => setRenaming(p)}
                    aria-label={`${t('rename')}: ${p.name}`}
                  >
                    {t('rename')}
                  </Button>{' '}
                  <Button
                    variant="secondary"
                    isDanger
                    size="sm"
                    onClick={() => setRemoving(p)}
                    aria-label={`${t('remove')}: ${p.name}`}
                  >
                    {t('remove')}
                  </Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {renaming ? <RenameDialog passkey={renaming} onClose={() => setRenaming(null)} /> : null}
      {removing ? (
        <Modal
          isOpen
          variant="small"
          onClose={() => setRemoving(null)}
          aria-labelledby="passkey-remove-title"
        >
          <ModalHeader title={t('remove')} labelId="passkey-remove-title" />
          <ModalBody>
            {t('removeConfirm', { name: removing.name })}
            {remove.error ? <Alert variant="danger" isInline title={errorMessage(t, remove.error)} /> : null}
          </ModalBody>
          <ModalFooter>
            <Button
              variant="danger"
              isLoading={remove.isPending}
              isDisabled={remove.isPending}
              onClick={() => {
                register.reset();
                remove.mutate(removing.id, { onSuccess: () => setRemoving(null) });
              }}
            >
              {t('remove')}
            </Button>
            <Button variant="link" onClick={() => setRemoving(null)}>
              {t('cancel')}
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
    </PageSection>
  );
}

function RenameDialog({ passkey, onClose }: { passkey: PasskeyView; onClose(): void }) {
  const { t } = useTranslation('passkeys');
  const rename = useRenamePasskey();
  const [name, setName] = useState(passkey.name);
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="passkey-rename-title">
      <ModalHeader title={t('rename')} labelId="passkey-rename-title" />
      <ModalBody>
        <Form
          id="passkey-rename-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim())
              rename.mutate({ passkeyId: passkey.id, name: name.trim() }, { onSuccess: onClose });
          }}
        >
          {rename.error ? <Alert variant="danger" isInline title={errorMessage(t, rename.error)} /> : null}
          <FormGroup label={t('renameLabel', { name: passkey.name })} isRequired fieldId="passkey-rename">
            <TextInput
              id="passkey-rename"
              isRequired
              value={name}
              maxLength={64}
              onChange={(_e, v) => setName(v)}
            />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="passkey-rename-form" variant="primary" isLoading={rename.isPending}>
          {t('save')}
        </Button>
        <Button variant="link" onClick={onClose}>
          {t('cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
