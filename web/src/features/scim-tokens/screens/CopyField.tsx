import { useRef, useState } from 'react';
import {
  Button,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  InputGroup,
  InputGroupItem,
  TextInput,
} from '@patternfly/react-core';
import { useTranslation } from 'react-i18next';
import { scimBaseUrl } from '../api';

/**
 * A read-only value with a コピー button (the SCIM base URL, the token on 完了): the value goes to the clipboard and
 * nowhere else. Where the browser refuses the clipboard (no secure context, permission) the field's text is selected
 * and the user is told to copy it by hand.
 */
export function CopyField(props: {
  id: string;
  label: string;
  value: string;
  /** The button's accessible name, naming what it copies (e.g. SCIM トークンをコピー). */
  copyLabel: string;
  helper?: string;
  /** Monospaced and broken anywhere, as the console shows other secrets. */
  secret?: boolean;
}) {
  const { t } = useTranslation('scim-tokens');
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'ok' | 'failed'>();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied('ok');
    } catch {
      input.current?.focus();
      input.current?.select();
      setCopied('failed');
    }
  };
  const helpId = `${props.id}-help`;

  return (
    <FormGroup label={props.label} fieldId={props.id}>
      <InputGroup>
        <InputGroupItem isFill>
          <TextInput
            id={props.id}
            ref={input}
            readOnlyVariant="default"
            value={props.value}
            autoComplete="off"
            spellCheck={false}
            className={props.secret ? 'kanri-secret' : undefined}
            aria-describedby={helpId}
            onFocus={() => input.current?.select()}
          />
        </InputGroupItem>
        <InputGroupItem>
          <Button variant="control" aria-label={props.copyLabel} onClick={() => void copy()}>
            {t('copy')}
          </Button>
        </InputGroupItem>
      </InputGroup>
      <FormHelperText>
        <HelperText id={helpId} isLiveRegion>
          {copied === 'ok' ? (
            <HelperTextItem variant="success">{t('copied')}</HelperTextItem>
          ) : copied === 'failed' ? (
            <HelperTextItem variant="warning">{t('copyFailed')}</HelperTextItem>
          ) : props.helper ? (
            <HelperTextItem>{props.helper}</HelperTextItem>
          ) : null}
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}

/** The SCIM base URL the identity provider is given, with its コピー button: on the list and on 完了. */
export function ScimBaseUrlField() {
  const { t } = useTranslation('scim-tokens');
  return (
    <CopyField
      id="scim-base-url"
      label={t('baseUrl')}
      value={scimBaseUrl()}
      copyLabel={t('copyBaseUrl')}
      helper={t('baseUrlHelp')}
    />
  );
}
